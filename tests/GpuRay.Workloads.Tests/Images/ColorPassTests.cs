using GpuRay.Workloads.Images;

namespace GpuRay.Workloads.Tests.Images;

public sealed class ColorPassTests
{
    [TestCase(true, 1.3f, 0.8f, false)]
    [TestCase(true, 0.6f, 1.7f, false)]
    [TestCase(false, 1f, 1f, true)]
    [TestCase(true, 1.4f, 1f, true)]
    [TestCase(true, 0.123f, 3.21f, true)]
    public void Apply_EveryByteValue_EqualsTheStepsExactly(bool adjusts, float brightness, float contrast, bool grayscale)
    {
        RgbaImage image = EveryByteValue();
        RgbaImage expected = image;
        if (adjusts)
        {
            expected = CpuSteps.BrightnessContrast(expected, brightness, contrast);
        }

        if (grayscale)
        {
            expected = CpuSteps.Grayscale(expected);
        }

        var actual = new byte[image.Pixels.Length];

        new ColorPass(adjusts, brightness, contrast, grayscale).Apply(image.Pixels, actual);

        Assert.That(actual, Is.EqualTo(expected.Pixels.ToArray()));
    }

    [Test]
    public void Apply_InPlace_EqualsIntoAnotherBuffer()
    {
        RgbaImage image = TestImages.Random(45, 7, seed: 61);
        var pass = new ColorPass(true, 1.2f, 1.1f, true);
        var expected = new byte[image.Pixels.Length];
        pass.Apply(image.Pixels, expected);
        byte[] inPlace = image.Pixels.ToArray();

        pass.Apply(inPlace, inPlace);

        Assert.That(inPlace, Is.EqualTo(expected));
    }

    /// <summary>
    /// Every value in every channel, with each (R, G) pair once and B and alpha seeded at random: 65,537 pixels, so a
    /// vector tail is left, and enough sums near a rounding edge that a change in the order of the float operations shows.
    /// </summary>
    private static RgbaImage EveryByteValue()
    {
        var random = new Random(62);
        const int count = (256 * 256) + 1;
        var pixels = new byte[count * 4];
        for (int i = 0; i < count; i++)
        {
            pixels[i * 4] = (byte)i;
            pixels[(i * 4) + 1] = (byte)(i >> 8);
            pixels[(i * 4) + 2] = (byte)random.Next(256);
            pixels[(i * 4) + 3] = (byte)random.Next(256);
        }

        return RgbaImage.Create("every.png", count, 1, pixels);
    }
}
