namespace GpuRay.Workloads.Images;

/// <summary>Draws the generator's synthetic scenes straight into RGBA bytes (no drawing library needed).</summary>
internal static class ImagePainter
{
    public static RgbaImage Paint(string name, ImageDatasetOptions options, int index)
    {
        (int width, int height) = ImageDatasetGenerator.SizeOf(options, index);
        var random = new Random(HashCode2(options.Seed, index));
        var pixels = new byte[width * height * 4];
        Gradient(pixels, width, height, random);
        int shapes = 6 + random.Next(10);
        for (int s = 0; s < shapes; s++)
        {
            switch (random.Next(3))
            {
                case 0:
                    Circle(pixels, width, height, random);
                    break;
                case 1:
                    Rectangle(pixels, width, height, random);
                    break;
                default:
                    Line(pixels, width, height, random);
                    break;
            }
        }

        bool png = index % 2 == 0;
        Noise(pixels, width, height, random, png);
        return RgbaImage.Wrap(name, width, height, pixels);
    }

    private static int HashCode2(int seed, int index) => unchecked((seed * 486187739) + (index * 16777619) + 12345);

    private static (byte R, byte G, byte B) Color(Random random) =>
        ((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));

    private static void Gradient(byte[] pixels, int width, int height, Random random)
    {
        (byte r0, byte g0, byte b0) = Color(random);
        (byte r1, byte g1, byte b1) = Color(random);
        double angle = random.NextDouble() * Math.PI * 2;
        float dx = (float)Math.Cos(angle);
        float dy = (float)Math.Sin(angle);
        float min = Math.Min(0, dx * (width - 1)) + Math.Min(0, dy * (height - 1));
        float max = Math.Max(0, dx * (width - 1)) + Math.Max(0, dy * (height - 1));
        float scale = max > min ? 1f / (max - min) : 0f;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                float t = ((dx * x) + (dy * y) - min) * scale;
                int p = ((y * width) + x) * 4;
                pixels[p] = (byte)(r0 + ((r1 - r0) * t));
                pixels[p + 1] = (byte)(g0 + ((g1 - g0) * t));
                pixels[p + 2] = (byte)(b0 + ((b1 - b0) * t));
                pixels[p + 3] = 255;
            }
        }
    }

    private static void Circle(byte[] pixels, int width, int height, Random random)
    {
        int cx = random.Next(width);
        int cy = random.Next(height);
        int radius = 2 + random.Next(Math.Max(1, Math.Min(width, height) / 5));
        (byte r, byte g, byte b) = Color(random);
        long r2 = (long)radius * radius;
        for (int y = Math.Max(0, cy - radius); y <= Math.Min(height - 1, cy + radius); y++)
        {
            for (int x = Math.Max(0, cx - radius); x <= Math.Min(width - 1, cx + radius); x++)
            {
                long ddx = x - cx;
                long ddy = y - cy;
                if ((ddx * ddx) + (ddy * ddy) <= r2)
                {
                    Set(pixels, width, x, y, r, g, b);
                }
            }
        }
    }

    private static void Rectangle(byte[] pixels, int width, int height, Random random)
    {
        int x0 = random.Next(width);
        int y0 = random.Next(height);
        int x1 = Math.Min(width, x0 + 1 + random.Next(Math.Max(1, width / 3)));
        int y1 = Math.Min(height, y0 + 1 + random.Next(Math.Max(1, height / 3)));
        (byte r, byte g, byte b) = Color(random);
        for (int y = y0; y < y1; y++)
        {
            for (int x = x0; x < x1; x++)
            {
                Set(pixels, width, x, y, r, g, b);
            }
        }
    }

    private static void Line(byte[] pixels, int width, int height, Random random)
    {
        int x0 = random.Next(width);
        int y0 = random.Next(height);
        int x1 = random.Next(width);
        int y1 = random.Next(height);
        int half = random.Next(1 + Math.Max(1, Math.Min(width, height) / 200));
        (byte r, byte g, byte b) = Color(random);
        int steps = Math.Max(Math.Abs(x1 - x0), Math.Abs(y1 - y0));
        for (int i = 0; i <= steps; i++)
        {
            int cx = steps == 0 ? x0 : x0 + (int)((long)(x1 - x0) * i / steps);
            int cy = steps == 0 ? y0 : y0 + (int)((long)(y1 - y0) * i / steps);
            for (int y = Math.Max(0, cy - half); y <= Math.Min(height - 1, cy + half); y++)
            {
                for (int x = Math.Max(0, cx - half); x <= Math.Min(width - 1, cx + half); x++)
                {
                    Set(pixels, width, x, y, r, g, b);
                }
            }
        }
    }

    private static void Noise(byte[] pixels, int width, int height, Random random, bool patchOnly)
    {
        int x0 = 0;
        int y0 = 0;
        int x1 = width;
        int y1 = height;
        if (patchOnly)
        {
            x0 = random.Next(width - (width / 4));
            y0 = random.Next(height - (height / 4));
            x1 = x0 + (width / 4);
            y1 = y0 + (height / 4);
        }

        int amplitude = 4 + random.Next(20);
        ulong state = (ulong)random.NextInt64() | 1UL;
        for (int y = y0; y < y1; y++)
        {
            for (int x = x0; x < x1; x++)
            {
                // xorshift64: cheap enough for tens of millions of draws.
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                int p = ((y * width) + x) * 4;
                for (int c = 0; c < 3; c++)
                {
                    int delta = (int)((state >> (c * 16)) % (ulong)((2 * amplitude) + 1)) - amplitude;
                    pixels[p + c] = (byte)Math.Clamp(pixels[p + c] + delta, 0, 255);
                }
            }
        }
    }

    private static void Set(byte[] pixels, int width, int x, int y, byte r, byte g, byte b)
    {
        int p = ((y * width) + x) * 4;
        pixels[p] = r;
        pixels[p + 1] = g;
        pixels[p + 2] = b;
    }
}
