using GpuRay.Workloads.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace GpuRay.Workloads.Tests.Images;

public sealed class CpuStepsTests
{
    [TestCase(1f)]
    [TestCase(5f)]
    [TestCase(20f)]
    public void Blur_ConstantImage_StaysConstant(float sigma)
    {
        RgbaImage image = TestImages.Constant(96, 64, 10, 128, 250);

        RgbaImage blurred = CpuSteps.Blur(image, GaussianKernel.Create(sigma));

        Assert.That(blurred.Pixels.ToArray(), Is.EqualTo(image.Pixels.ToArray()));
    }

    [TestCase(0.7f)]
    [TestCase(3f)]
    [TestCase(20f)]
    public void Blur_SimdPath_EqualsScalarReference(float sigma)
    {
        // 97 columns: odd width exercises the one-pixel tail and a partial column strip.
        RgbaImage image = TestImages.Random(97, 64, seed: 1);
        float[] weights = GaussianKernel.Create(sigma);
        var expected = new byte[image.Pixels.Length];
        BlurKernels.Reference(image.Pixels, expected, image.Width, image.Height, weights);

        RgbaImage actual = CpuSteps.Blur(image, weights);

        Assert.That(TestImages.MaxDifference(expected, actual.Pixels), Is.LessThanOrEqualTo(1));
    }

    [TestCase(2f)]
    [TestCase(20f)]
    public void Blur_RandomImage_MatchesImageSharpGaussianBlurWithinOneLevel(float sigma)
    {
        RgbaImage image = TestImages.Random(120, 90, seed: 2);
        using Image<Rgba32> reference = Image.LoadPixelData<Rgba32>(image.Pixels, image.Width, image.Height);
        reference.Mutate(c => c.GaussianBlur(sigma));
        var expected = new byte[image.Pixels.Length];
        reference.CopyPixelDataTo(expected);

        RgbaImage actual = CpuSteps.Blur(image, GaussianKernel.Create(sigma));

        Assert.That(TestImages.MaxDifference(expected, actual.Pixels), Is.LessThanOrEqualTo(1));
    }

    [Test]
    public void Grayscale_RandomImage_MatchesImageSharpGrayscaleWithinOneLevel()
    {
        RgbaImage image = TestImages.Random(96, 64, seed: 3);
        using Image<Rgba32> reference = Image.LoadPixelData<Rgba32>(image.Pixels, image.Width, image.Height);
        reference.Mutate(c => c.Grayscale());
        var expected = new byte[image.Pixels.Length];
        reference.CopyPixelDataTo(expected);

        RgbaImage actual = CpuSteps.Grayscale(image);

        Assert.That(TestImages.MaxDifference(expected, actual.Pixels), Is.LessThanOrEqualTo(1));
    }

    [TestCase(Orientation.FlipHorizontal)]
    [TestCase(Orientation.FlipVertical)]
    [TestCase(Orientation.Rotate180)]
    public void Orient_Twice_IsIdentity(Orientation orientation)
    {
        RgbaImage image = TestImages.Random(96, 64, seed: 4);

        RgbaImage twice = CpuSteps.Orient(CpuSteps.Orient(image, orientation), orientation);

        Assert.That(twice.Pixels.ToArray(), Is.EqualTo(image.Pixels.ToArray()));
    }

    [TestCase(Orientation.Rotate90)]
    [TestCase(Orientation.Rotate270)]
    public void Rotate_FourTimes_IsIdentity(Orientation orientation)
    {
        RgbaImage image = TestImages.Random(96, 64, seed: 5);
        RgbaImage current = image;

        for (int i = 0; i < 4; i++)
        {
            current = CpuSteps.Orient(current, orientation);
        }

        Assert.That(current.Pixels.ToArray(), Is.EqualTo(image.Pixels.ToArray()));
    }

    [Test]
    public void Rotate90_TopLeftPixel_ComesFromBottomLeftAsImageSharpRotates()
    {
        RgbaImage image = TestImages.Random(96, 64, seed: 6);
        using Image<Rgba32> reference = Image.LoadPixelData<Rgba32>(image.Pixels, image.Width, image.Height);
        reference.Mutate(c => c.Rotate(RotateMode.Rotate90));
        var expected = new byte[image.Pixels.Length];
        reference.CopyPixelDataTo(expected);

        RgbaImage rotated = CpuSteps.Orient(image, Orientation.Rotate90);

        Assert.Multiple(() =>
        {
            Assert.That((rotated.Width, rotated.Height), Is.EqualTo((64, 96)));
            Assert.That(rotated.Pixels.ToArray(), Is.EqualTo(expected));
        });
    }

    [TestCase(96, 64, 31, 17)]
    [TestCase(96, 64, 200, 150)]
    public void Resize_ConstantImage_StaysConstant(int width, int height, int targetWidth, int targetHeight)
    {
        RgbaImage image = TestImages.Constant(width, height, 7, 77, 177);

        RgbaImage resized = CpuSteps.Resize(image, targetWidth, targetHeight);

        Assert.Multiple(() =>
        {
            Assert.That((resized.Width, resized.Height), Is.EqualTo((targetWidth, targetHeight)));
            Assert.That(resized.Pixels.ToArray(), Is.EqualTo(TestImages.Constant(targetWidth, targetHeight, 7, 77, 177).Pixels.ToArray()));
        });
    }

    [Test]
    public void BrightnessContrast_Identity_KeepsPixels()
    {
        RgbaImage image = TestImages.Random(96, 64, seed: 7);

        RgbaImage adjusted = CpuSteps.BrightnessContrast(image, 1f, 1f);

        Assert.That(adjusted.Pixels.ToArray(), Is.EqualTo(image.Pixels.ToArray()));
    }

    [Test]
    public void Tensor_KnownPixels_GivesSumOfSquaresOfRgb()
    {
        byte[] pixels = [1, 2, 3, 255, 4, 5, 6, 0];

        (long sum, ulong checksum) = TensorKernels.Compute(pixels);

        long s = 1 + 4 + 9 + 16 + 25 + 36;
        ulong expected = unchecked((ulong)(((1 * 1) + (4 * 3) + (9 * 5) + (16 * 7) + (25 * 9) + (36 * 11)) * s));
        Assert.Multiple(() =>
        {
            Assert.That(sum, Is.EqualTo(s));
            Assert.That(checksum, Is.EqualTo(expected));
        });
    }
}
