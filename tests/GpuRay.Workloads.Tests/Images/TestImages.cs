using GpuRay.Workloads.Images;

namespace GpuRay.Workloads.Tests.Images;

/// <summary>Small seeded images for the image tests.</summary>
internal static class TestImages
{
    /// <summary>Random opaque pixels with a smooth gradient underneath, so that every step has work to do.</summary>
    public static RgbaImage Random(int width, int height, int seed, string name = "random.png")
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int p = ((y * width) + x) * 4;
                pixels[p] = (byte)((x * 255 / width / 2) + random.Next(128));
                pixels[p + 1] = (byte)((y * 255 / height / 2) + random.Next(128));
                pixels[p + 2] = (byte)random.Next(256);
                pixels[p + 3] = 255;
            }
        }

        return RgbaImage.Create(name, width, height, pixels);
    }

    public static RgbaImage Constant(int width, int height, byte r, byte g, byte b, byte a = 255)
    {
        var pixels = new byte[width * height * 4];
        for (int p = 0; p < pixels.Length; p += 4)
        {
            pixels[p] = r;
            pixels[p + 1] = g;
            pixels[p + 2] = b;
            pixels[p + 3] = a;
        }

        return RgbaImage.Create("constant.png", width, height, pixels);
    }

    public static int MaxDifference(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), "pixel buffer lengths differ");
        int max = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        }

        return max;
    }
}
