using System.Collections.Concurrent;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;

namespace GpuRay.Workloads.Images;

/// <summary>Loads and saves <see cref="RgbaImage"/> files safely: PNG and JPEG only, identified before decoding.</summary>
/// <remarks>
/// ImageSharp 2.1.13 lacks later security fixes for TIFF, BMP and ICC handling, so every call goes through a
/// dedicated <see cref="Configuration"/> that knows only PNG and JPEG, has a capped allocator and a bounded degree
/// of parallelism. Dimensions are checked from the header before any pixel buffer is allocated.
/// </remarks>
public static class ImageIo
{
    private static readonly ConcurrentDictionary<(int Dop, int LimitMb), Configuration> Configurations = new();

    /// <summary>Loads a PNG or JPEG file with the default limits.</summary>
    /// <param name="path">The file to load.</param>
    /// <returns>The decoded image, named after the file.</returns>
    /// <exception cref="ImageLoadException">The file is missing, unreadable, corrupt, truncated, of another format or too large.</exception>
    public static RgbaImage Load(string path) => Load(path, ImageLoadOptions.Default);

    /// <summary>Loads a PNG or JPEG file.</summary>
    /// <param name="path">The file to load.</param>
    /// <param name="options">Limits and threading.</param>
    /// <returns>The decoded image, named after the file.</returns>
    /// <exception cref="ImageLoadException">The file is missing, unreadable, corrupt, truncated, of another format or too large.</exception>
    public static RgbaImage Load(string path, ImageLoadOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Configuration configuration = GetConfiguration(options.MaxDegreeOfParallelism, options.AllocationLimitMegabytes);
        try
        {
            using FileStream stream = File.OpenRead(path);
            IImageInfo? info = Image.Identify(configuration, stream, out IImageFormat? format);
            if (info is null || format is null)
            {
                throw new ImageLoadException(path, "unsupported format (only PNG and JPEG are accepted)");
            }

            CheckDimensions(path, info.Width, info.Height, options);
            CheckTrailer(path, stream, format);
            stream.Position = 0;
            using Image<Rgba32> image = Image.Load<Rgba32>(configuration, stream);
            if (image.Width != info.Width || image.Height != info.Height)
            {
                throw new ImageLoadException(path, "decoded dimensions differ from the header");
            }

            var pixels = new byte[(long)image.Width * image.Height * RgbaImage.BytesPerPixel];
            image.CopyPixelDataTo(pixels);
            return RgbaImage.Wrap(Path.GetFileName(path), image.Width, image.Height, pixels);
        }
        catch (ImageLoadException)
        {
            throw;
        }
        catch (UnknownImageFormatException ex)
        {
            throw new ImageLoadException(path, "unsupported format (only PNG and JPEG are accepted)", ex);
        }
        catch (ImageFormatException ex)
        {
            throw new ImageLoadException(path, $"corrupt image data ({ex.Message})", ex);
        }
        catch (InvalidMemoryOperationException ex)
        {
            throw new ImageLoadException(path, $"image needs more memory than the allocation limit ({ex.Message})", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImageLoadException(path, $"cannot read the file ({ex.Message})", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NotSupportedException
                                       or IndexOutOfRangeException or OverflowException)
        {
            // Decoders of this ImageSharp line can surface malformed data as these; they are still bad input.
            throw new ImageLoadException(path, $"corrupt image data ({ex.Message})", ex);
        }
    }

    /// <summary>Saves an image as a PNG file (fast compression, RGB without alpha when the image is opaque).</summary>
    /// <param name="image">The image to save.</param>
    /// <param name="path">The target file; its folder must exist.</param>
    public static void SavePng(RgbaImage image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using Image<Rgba32> img = ToImageSharp(image, GetConfiguration(1, ImageLoadOptions.Default.AllocationLimitMegabytes));
        img.SaveAsPng(path, CreatePngEncoder());
    }

    /// <summary>Saves an image as a JPEG file.</summary>
    /// <param name="image">The image to save.</param>
    /// <param name="path">The target file; its folder must exist.</param>
    /// <param name="quality">The JPEG quality, 1..100.</param>
    public static void SaveJpeg(RgbaImage image, string path, int quality)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        using Image<Rgba32> img = ToImageSharp(image, GetConfiguration(1, ImageLoadOptions.Default.AllocationLimitMegabytes));
        img.SaveAsJpeg(path, new JpegEncoder { Quality = quality });
    }

    internal static PngEncoder CreatePngEncoder() => new()
    {
        // Level 1 keeps a 12 MP encode around a second; the default level takes several times longer.
        CompressionLevel = PngCompressionLevel.BestSpeed,
        ColorType = PngColorType.Rgb,
        BitDepth = PngBitDepth.Bit8,
        FilterMethod = PngFilterMethod.Sub,
    };

    internal static Image<Rgba32> ToImageSharp(RgbaImage image, Configuration configuration) =>
        Image.LoadPixelData<Rgba32>(configuration, image.Pixels, image.Width, image.Height);

    internal static Configuration GetConfiguration(int maxDegreeOfParallelism, int allocationLimitMegabytes) =>
        Configurations.GetOrAdd((maxDegreeOfParallelism, allocationLimitMegabytes), static key =>
            new Configuration(new PngConfigurationModule(), new JpegConfigurationModule())
            {
                MaxDegreeOfParallelism = key.Dop,
                MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
                {
                    AllocationLimitMegabytes = key.LimitMb,
                }),
            });

    private static void CheckDimensions(string path, int width, int height, ImageLoadOptions options)
    {
        if (width < 1 || height < 1)
        {
            throw new ImageLoadException(path, $"invalid dimensions {width}x{height}");
        }

        if (width > options.MaxSide || height > options.MaxSide)
        {
            throw new ImageLoadException(
                path, $"too large: {width}x{height} exceeds the limit of {options.MaxSide} pixels per side");
        }

        if ((long)width * height > options.MaxPixels)
        {
            throw new ImageLoadException(
                path, $"too large: {width}x{height} exceeds the limit of {options.MaxPixels} pixels");
        }
    }

    // The JPEG decoder of this ImageSharp line decodes a cut-off file without an error (checked with 2.1.13), and a
    // PNG cut between IDAT chunks can decode partly; a file that does not end the way its format requires is
    // therefore reported as truncated before decoding.
    private static void CheckTrailer(string path, FileStream stream, IImageFormat format)
    {
        const int TailLength = 64;
        long length = stream.Length;
        int count = (int)Math.Min(TailLength, length);
        Span<byte> tail = stackalloc byte[TailLength];
        tail = tail[..count];
        stream.Position = length - count;
        stream.ReadExactly(tail);
        bool complete = format is PngFormat
            ? tail.IndexOf("IEND"u8) >= 0
            : tail.LastIndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]) >= 0;
        if (!complete)
        {
            string marker = format is PngFormat ? "IEND chunk" : "end-of-image marker";
            throw new ImageLoadException(path, $"truncated {format.Name} file (no {marker})");
        }
    }
}
