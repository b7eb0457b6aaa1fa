using ILGPU;

namespace GpuRay.Workloads.Images;

/// <summary>Separable Gaussian blur: a horizontal pass into floats, then a vertical pass back to bytes.</summary>
/// <remarks>Edges repeat the border pixel, as ImageSharp's convolution does. All four channels are blurred.</remarks>
internal static class BlurKernels
{
    /// <summary>Horizontal pass; one thread per pixel (X = column, Y = row).</summary>
    public static void RowsKernel(
        Index2D p, ArrayView<byte> source, ArrayView<float> target, ArrayView<float> weights, int width, int radius)
    {
        int row = p.Y * width;
        float r = 0, g = 0, b = 0, a = 0;
        for (int k = 0; k < weights.IntLength; k++)
        {
            int sx = PixelMath.Clamp(p.X + k - radius, 0, width - 1);
            int s = (row + sx) * 4;
            float w = weights[k];
            r += w * source[s];
            g += w * source[s + 1];
            b += w * source[s + 2];
            a += w * source[s + 3];
        }

        int t = (row + p.X) * 4;
        target[t] = r;
        target[t + 1] = g;
        target[t + 2] = b;
        target[t + 3] = a;
    }

    /// <summary>Vertical pass; one thread per pixel (X = column, Y = row).</summary>
    public static void ColumnsKernel(
        Index2D p, ArrayView<float> source, ArrayView<byte> target, ArrayView<float> weights, int width, int height, int radius)
    {
        float r = 0, g = 0, b = 0, a = 0;
        for (int k = 0; k < weights.IntLength; k++)
        {
            int sy = PixelMath.Clamp(p.Y + k - radius, 0, height - 1);
            int s = ((sy * width) + p.X) * 4;
            float w = weights[k];
            r += w * source[s];
            g += w * source[s + 1];
            b += w * source[s + 2];
            a += w * source[s + 3];
        }

        int t = ((p.Y * width) + p.X) * 4;
        target[t] = PixelMath.ToByte(r);
        target[t + 1] = PixelMath.ToByte(g);
        target[t + 2] = PixelMath.ToByte(b);
        target[t + 3] = PixelMath.ToByte(a);
    }

    /// <summary>CPU reference: the same two passes as plain scalar loops.</summary>
    public static void Reference(ReadOnlySpan<byte> source, Span<byte> target, int width, int height, float[] weights)
    {
        int radius = weights.Length / 2;
        var temp = new float[source.Length];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < 4; c++)
                {
                    float acc = 0;
                    for (int k = 0; k < weights.Length; k++)
                    {
                        int sx = PixelMath.Clamp(x + k - radius, 0, width - 1);
                        acc += weights[k] * source[(((y * width) + sx) * 4) + c];
                    }

                    temp[(((y * width) + x) * 4) + c] = acc;
                }
            }
        }

        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < 4; c++)
                {
                    float acc = 0;
                    for (int k = 0; k < weights.Length; k++)
                    {
                        int sy = PixelMath.Clamp(y + k - radius, 0, height - 1);
                        acc += weights[k] * temp[(((sy * width) + x) * 4) + c];
                    }

                    target[(((y * width) + x) * 4) + c] = PixelMath.ToByte(acc);
                }
            }
        }
    }
}
