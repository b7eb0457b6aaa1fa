using GpuRay.Workloads.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;

namespace GpuRay.Workloads.Tests.Images;

public sealed class ImageIoTests
{
    private string _folder = null!;
    private RgbaImage _image = null!;
    private string _png = null!;
    private string _jpeg = null!;

    [OneTimeSetUp]
    public void WriteFiles()
    {
        _folder = Path.Combine(Path.GetTempPath(), "gpuray-imageio-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _image = TestImages.Random(96, 64, seed: 21);
        _png = Path.Combine(_folder, "good.png");
        _jpeg = Path.Combine(_folder, "good.jpg");
        ImageIo.SavePng(_image, _png);
        ImageIo.SaveJpeg(_image, _jpeg, 90);
    }

    [OneTimeTearDown]
    public void DeleteFiles() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Load_Png_RoundTripsPixelsExactly()
    {
        RgbaImage loaded = ImageIo.Load(_png);

        Assert.Multiple(() =>
        {
            Assert.That((loaded.Name, loaded.Width, loaded.Height), Is.EqualTo(("good.png", 96, 64)));
            Assert.That(loaded.Pixels.ToArray(), Is.EqualTo(_image.Pixels.ToArray()));
            Assert.That(loaded.SizeInBytes, Is.EqualTo(96L * 64 * 4));
        });
    }

    [Test]
    public void Load_Jpeg_GivesTheImageSize()
    {
        RgbaImage loaded = ImageIo.Load(_jpeg);

        Assert.That((loaded.Width, loaded.Height), Is.EqualTo((96, 64)));
    }

    [Test]
    public void Load_Bmp_ThrowsUnsupportedNamingTheFile()
    {
        string path = Path.Combine(_folder, "image.bmp");
        using (Image<Rgba32> img = Image.LoadPixelData<Rgba32>(_image.Pixels, 96, 64))
        {
            img.Save(path, new BmpEncoder());
        }

        AssertRejected(path, "unsupported format");
    }

    [Test]
    public void Load_Gif_ThrowsUnsupportedNamingTheFile()
    {
        string path = Path.Combine(_folder, "image.gif");
        using (Image<Rgba32> img = Image.LoadPixelData<Rgba32>(_image.Pixels, 96, 64))
        {
            img.Save(path, new GifEncoder());
        }

        AssertRejected(path, "unsupported format");
    }

    [Test]
    public void Load_TextFile_ThrowsUnsupportedNamingTheFile()
    {
        string path = Path.Combine(_folder, "notes.png");
        File.WriteAllText(path, "this is not an image\n");

        AssertRejected(path, "unsupported format");
    }

    [Test]
    public void Load_EmptyFile_ThrowsNamingTheFile()
    {
        string path = Path.Combine(_folder, "empty.jpg");
        File.WriteAllBytes(path, []);

        AssertRejected(path, "unsupported format");
    }

    [Test]
    public void Load_MissingFile_ThrowsNamingTheFile()
    {
        AssertRejected(Path.Combine(_folder, "missing.png"), "cannot read the file");
    }

    [TestCase("good.png")]
    [TestCase("good.jpg")]
    public void Load_TruncatedFile_ThrowsTruncatedNamingTheFile(string source)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(_folder, source));
        string path = Path.Combine(_folder, "truncated-" + source);
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length * 2 / 3).ToArray());

        AssertRejected(path, "truncated");
    }

    [Test]
    public void Load_CorruptPngData_ThrowsCorruptNamingTheFile()
    {
        byte[] bytes = File.ReadAllBytes(_png);
        // Damage the bytes after the 8-byte signature and the IHDR chunk: the IDAT CRC or its zlib stream breaks.
        for (int i = 40; i < 80; i++)
        {
            bytes[i] ^= 0x5A;
        }

        string path = Path.Combine(_folder, "corrupt.png");
        File.WriteAllBytes(path, bytes);

        AssertRejected(path, "corrupt");
    }

    [Test]
    public void Load_CorruptJpegHeader_ThrowsNamingTheFile()
    {
        byte[] bytes = File.ReadAllBytes(_jpeg);
        for (int i = 2; i < 40; i++)
        {
            bytes[i] = 0xFF;
        }

        string path = Path.Combine(_folder, "corrupt.jpg");
        File.WriteAllBytes(path, bytes);

        ImageLoadException ex = Assert.Throws<ImageLoadException>(() => ImageIo.Load(path))!;
        Assert.That(ex.Message, Does.Contain(path));
    }

    [Test]
    public void Load_WiderThanMaxSide_ThrowsTooLargeNamingTheFile()
    {
        var options = new ImageLoadOptions { MaxSide = 80 };

        ImageLoadException ex = Assert.Throws<ImageLoadException>(() => ImageIo.Load(_png, options))!;

        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.Contain(_png).And.Contain("too large").And.Contain("96x64"));
            Assert.That(ex.FilePath, Is.EqualTo(_png));
        });
    }

    [Test]
    public void Load_MorePixelsThanMaxPixels_ThrowsTooLargeNamingTheFile()
    {
        var options = new ImageLoadOptions { MaxPixels = (96 * 64) - 1 };

        AssertRejected(_png, "too large", options);
    }

    private static void AssertRejected(string path, string reason, ImageLoadOptions? options = null)
    {
        ImageLoadException ex = Assert.Throws<ImageLoadException>(() => ImageIo.Load(path, options ?? ImageLoadOptions.Default))!;
        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.Contain(path));
            Assert.That(ex.Reason, Does.Contain(reason));
            Assert.That(ex.FilePath, Is.EqualTo(path));
        });
    }
}
