namespace GpuRay.Inference.Tests.Models;

internal static class TestImages
{
    /// <summary>A seeded RGBA image: smooth gradients plus noise, so that features are not trivial.</summary>
    public static byte[] Rgba(int width, int height, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int p = ((y * width) + x) * 4;
                pixels[p] = (byte)((255 * x / width) ^ random.Next(32));
                pixels[p + 1] = (byte)((255 * y / height) ^ random.Next(32));
                pixels[p + 2] = (byte)random.Next(256);
                pixels[p + 3] = 255;
            }
        }

        return pixels;
    }
}
