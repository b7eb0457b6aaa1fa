using GpuRay.Workloads.Images;

namespace GpuRay.Workloads.Tests.Images;

public sealed class CpuBlurTests
{
    // The generator's scenes (gradients, shapes, lines, noise) at the sizes docs/gaussian-blur.md measured on.
    private static readonly ImageDatasetOptions Scenes = new() { BaseWidth = 640, BaseHeight = 480 };

    [TestCase(1.5f)]
    [TestCase(2.5f)]
    [TestCase(5f)]
    [TestCase(20f)]
    [TestCase(48f)]
    [TestCase(60f)]
    public void Blur_ConstantImage_StaysConstant(float sigma)
    {
        RgbaImage image = TestImages.Constant(97, 61, 10, 128, 250);
        var target = new byte[image.Pixels.Length];

        CpuBlur.Blur(image.Pixels, target, image.Width, image.Height, sigma);

        Assert.That(target, Is.EqualTo(image.Pixels.ToArray()));
    }

    [TestCase(2.5f)]
    [TestCase(5f)]
    [TestCase(20f)]
    public void Blur_RecursiveSigma_TreatsBordersAsRepeatedEdgePixels(float sigma)
    {
        // 97 x 61: a short last row group and a last column strip that overlaps the one before it.
        RgbaImage image = TestImages.Random(97, 61, seed: 21);
        int pad = (int)(12 * sigma) + 8;
        RgbaImage padded = RepeatEdges(image, pad);
        var expected = new byte[padded.Pixels.Length];
        RecursiveGaussian.Blur(padded.Pixels, expected, padded.Width, padded.Height, sigma, new float[RecursiveGaussian.ScratchLength(padded.Width, padded.Height)]);
        var actual = new byte[image.Pixels.Length];

        CpuBlur.Blur(image.Pixels, actual, image.Width, image.Height, sigma);

        Assert.That(TestImages.MaxDifference(Crop(expected, padded.Width, pad, image.Width, image.Height), actual), Is.LessThanOrEqualTo(1));
    }

    [TestCase(2.5f, 5, 0.10)]
    [TestCase(5f, 6, 0.17)]
    [TestCase(20f, 4, 0.30)]
    [TestCase(48f, 5, 0.23)]
    public void Blur_GeneratedScenes_StaysWithinStatedBoundOfExactKernel(float sigma, int maxLevels, double meanLevels)
    {
        int max = 0;
        double mean = 0;
        for (int index = 0; index < 4; index++)
        {
            RgbaImage image = ImagePainter.Paint("scene.png", Scenes, index);
            var exact = new byte[image.Pixels.Length];
            var chosen = new byte[image.Pixels.Length];
            CpuBlur.Blur(image.Pixels, exact, image.Width, image.Height, GaussianKernel.Create(sigma));

            CpuBlur.Blur(image.Pixels, chosen, image.Width, image.Height, sigma);

            long sum = 0;
            for (int i = 0; i < exact.Length; i++)
            {
                int difference = Math.Abs(exact[i] - chosen[i]);
                sum += difference;
                max = Math.Max(max, difference);
            }

            mean = Math.Max(mean, (double)sum / exact.Length);
        }

        Assert.Multiple(() =>
        {
            Assert.That(max, Is.LessThanOrEqualTo(maxLevels), "largest difference, in 8-bit levels");
            Assert.That(mean, Is.LessThanOrEqualTo(meanLevels), "mean difference of the worst image, in 8-bit levels");
        });
    }

    [TestCase(0.7f)]
    [TestCase(1.5f)]
    [TestCase(2.4f)]
    public void Blur_SigmaBelowCrossover_EqualsExactConvolution(float sigma)
    {
        RgbaImage image = TestImages.Random(97, 61, seed: 22);
        var expected = new byte[image.Pixels.Length];
        CpuBlur.Blur(image.Pixels, expected, image.Width, image.Height, GaussianKernel.Create(sigma));
        var actual = new byte[image.Pixels.Length];

        CpuBlur.Blur(image.Pixels, actual, image.Width, image.Height, sigma);

        Assert.That(actual, Is.EqualTo(expected));
    }

    [TestCase(2.5f)]
    [TestCase(20f)]
    public void Blur_SigmaFromCrossover_RunsRecursiveFilter(float sigma)
    {
        RgbaImage image = TestImages.Random(97, 61, seed: 23);
        var recursive = new byte[image.Pixels.Length];
        RecursiveGaussian.Blur(image.Pixels, recursive, image.Width, image.Height, sigma, new float[RecursiveGaussian.ScratchLength(image.Width, image.Height)]);
        var exact = new byte[image.Pixels.Length];
        CpuBlur.Blur(image.Pixels, exact, image.Width, image.Height, GaussianKernel.Create(sigma));
        var actual = new byte[image.Pixels.Length];

        CpuBlur.Blur(image.Pixels, actual, image.Width, image.Height, sigma);

        Assert.Multiple(() =>
        {
            Assert.That(actual, Is.EqualTo(recursive));
            Assert.That(actual, Is.Not.EqualTo(exact));
        });
    }

    [Test]
    public void Blur_SigmaAboveFloatRecursionRange_EqualsExactConvolution()
    {
        RgbaImage image = TestImages.Random(97, 61, seed: 26);
        var expected = new byte[image.Pixels.Length];
        CpuBlur.Blur(image.Pixels, expected, image.Width, image.Height, GaussianKernel.Create(50f));
        var actual = new byte[image.Pixels.Length];

        CpuBlur.Blur(image.Pixels, actual, image.Width, image.Height, 50f);

        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void Blur_NarrowerThanOneStrip_EqualsExactConvolution()
    {
        RgbaImage image = TestImages.Random(7, 40, seed: 24);
        var expected = new byte[image.Pixels.Length];
        CpuBlur.Blur(image.Pixels, expected, image.Width, image.Height, GaussianKernel.Create(20f));
        var actual = new byte[image.Pixels.Length];

        CpuBlur.Blur(image.Pixels, actual, image.Width, image.Height, 20f);

        Assert.That(actual, Is.EqualTo(expected));
    }

    private static RgbaImage RepeatEdges(RgbaImage image, int pad)
    {
        int width = image.Width + (2 * pad);
        int height = image.Height + (2 * pad);
        var pixels = new byte[width * height * 4];
        ReadOnlySpan<byte> source = image.Pixels;
        for (int y = 0; y < height; y++)
        {
            int sy = Math.Clamp(y - pad, 0, image.Height - 1);
            for (int x = 0; x < width; x++)
            {
                int sx = Math.Clamp(x - pad, 0, image.Width - 1);
                source.Slice(((sy * image.Width) + sx) * 4, 4).CopyTo(pixels.AsSpan(((y * width) + x) * 4, 4));
            }
        }

        return RgbaImage.Create("padded.png", width, height, pixels);
    }

    private static byte[] Crop(byte[] pixels, int width, int pad, int cropWidth, int cropHeight)
    {
        var cropped = new byte[cropWidth * cropHeight * 4];
        for (int y = 0; y < cropHeight; y++)
        {
            pixels.AsSpan((((y + pad) * width) + pad) * 4, cropWidth * 4).CopyTo(cropped.AsSpan(y * cropWidth * 4));
        }

        return cropped;
    }
}
