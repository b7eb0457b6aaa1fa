using GpuRay.Objects;

namespace GpuRay.Workloads.Images;

/// <summary>
/// An immutable 8-bit RGBA image: <see cref="Width"/> x <see cref="Height"/> pixels, stored row by row,
/// four interleaved bytes per pixel (R, G, B, A), the memory layout of ImageSharp's <c>Rgba32</c>.
/// </summary>
/// <remarks>
/// Immutable by contract: the pixels are never changed after creation, so one instance can be put in the object
/// store once and shared by reference between tasks. Interleaved bytes keep an image at a quarter of the size of
/// a float image, load and save through ImageSharp without conversion, and upload to a device as one buffer.
/// </remarks>
public sealed class RgbaImage : IObjectSize
{
    /// <summary>The number of bytes one pixel takes.</summary>
    public const int BytesPerPixel = 4;

    private readonly byte[] _pixels;

    private RgbaImage(string name, int width, int height, byte[] pixels)
    {
        Name = name;
        Width = width;
        Height = height;
        _pixels = pixels;
    }

    /// <summary>Gets the name of the image, usually the file name it was loaded from.</summary>
    public string Name { get; }

    /// <summary>Gets the width in pixels.</summary>
    public int Width { get; }

    /// <summary>Gets the height in pixels.</summary>
    public int Height { get; }

    /// <summary>Gets the pixels: rows top to bottom, four bytes (R, G, B, A) per pixel.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>Gets the pixels as memory, for APIs that cannot take a span.</summary>
    public ReadOnlyMemory<byte> PixelMemory => _pixels;

    /// <summary>Gets the exact size of the pixel data in bytes: width x height x 4.</summary>
    /// <remarks>The name string and the object header are not counted.</remarks>
    public long SizeInBytes => _pixels.LongLength;

    /// <summary>Creates an image from a copy of <paramref name="pixels"/>.</summary>
    /// <param name="name">The name of the image.</param>
    /// <param name="width">The width in pixels, at least 1.</param>
    /// <param name="height">The height in pixels, at least 1.</param>
    /// <param name="pixels">Exactly width x height x 4 bytes, rows top to bottom, RGBA.</param>
    /// <returns>A new image that owns its own copy of the pixels.</returns>
    public static RgbaImage Create(string name, int width, int height, ReadOnlySpan<byte> pixels)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        long expected = (long)width * height * BytesPerPixel;
        if (pixels.Length != expected)
        {
            throw new ArgumentException(
                $"Expected {expected} bytes for a {width}x{height} RGBA image, got {pixels.Length}.", nameof(pixels));
        }

        return new RgbaImage(name, width, height, pixels.ToArray());
    }

    /// <summary>Gets the backing array for uploads and encoders; never written to.</summary>
    internal byte[] Array => _pixels;

    /// <summary>Wraps an array that nobody else holds; the caller must never change it again.</summary>
    internal static RgbaImage Wrap(string name, int width, int height, byte[] pixels)
    {
        System.Diagnostics.Debug.Assert(pixels.LongLength == (long)width * height * BytesPerPixel, "pixel count");
        return new RgbaImage(name, width, height, pixels);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Width}x{Height})";
}
