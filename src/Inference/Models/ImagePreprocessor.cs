namespace GpuRay.Inference.Models;

/// <summary>
/// Resizes RGBA or RGB pixels to a square and writes them as planar BGR floats in 0..255: the input layout of the
/// CNTK-exported ResNet18 (whose mean image is subtracted inside the composed graph).
/// </summary>
/// <remarks>Separable resampling: an area (box) filter on an axis that shrinks, so that a 4000-pixel image is not
/// aliased, and bilinear interpolation with half-pixel centres on an axis that grows.</remarks>
internal static class ImagePreprocessor
{
    public static void ToPlanarBgr(ReadOnlySpan<byte> pixels, int width, int height, int size, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        long area = (long)width * height;
        int bpp = pixels.Length == area * 4 ? 4 : pixels.Length == area * 3 ? 3 : 0;
        if (bpp == 0)
        {
            throw new ArgumentException(
                $"Expected {area * 4} (RGBA) or {area * 3} (RGB) bytes for {width}x{height} pixels; got {pixels.Length}.", nameof(pixels));
        }

        int plane = size * size;
        if (destination.Length < 3 * plane)
        {
            throw new ArgumentException($"Expected room for 3x{size}x{size} = {3 * plane} floats; got {destination.Length}.", nameof(destination));
        }

        Resampling xs = Resampling.Create(width, size);
        Resampling ys = Resampling.Create(height, size);

        // Horizontal pass: every source row to `size` RGB columns.
        var rows = new float[height * size * 3];
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> src = pixels.Slice(y * width * bpp, width * bpp);
            Span<float> dst = rows.AsSpan(y * size * 3, size * 3);
            for (int x = 0; x < size; x++)
            {
                float r = 0, g = 0, b = 0;
                int start = xs.Start[x];
                ReadOnlySpan<float> w = xs.Weights(x);
                for (int k = 0; k < w.Length; k++)
                {
                    int p = (start + k) * bpp;
                    r += src[p] * w[k];
                    g += src[p + 1] * w[k];
                    b += src[p + 2] * w[k];
                }

                dst[(x * 3) + 0] = r;
                dst[(x * 3) + 1] = g;
                dst[(x * 3) + 2] = b;
            }
        }

        // Vertical pass into planar B, G, R.
        Span<float> blue = destination[..plane];
        Span<float> green = destination.Slice(plane, plane);
        Span<float> red = destination.Slice(2 * plane, plane);
        for (int y = 0; y < size; y++)
        {
            int start = ys.Start[y];
            ReadOnlySpan<float> w = ys.Weights(y);
            for (int x = 0; x < size; x++)
            {
                float r = 0, g = 0, b = 0;
                for (int k = 0; k < w.Length; k++)
                {
                    int p = ((start + k) * size * 3) + (x * 3);
                    r += rows[p] * w[k];
                    g += rows[p + 1] * w[k];
                    b += rows[p + 2] * w[k];
                }

                int o = (y * size) + x;
                red[o] = r;
                green[o] = g;
                blue[o] = b;
            }
        }
    }

    /// <summary>For each output index: the first source index and the weights of consecutive source pixels.</summary>
    private sealed class Resampling
    {
        private readonly int[] _offset;
        private readonly int[] _count;
        private readonly float[] _weights;

        private Resampling(int[] start, int[] offset, int[] count, float[] weights)
        {
            Start = start;
            _offset = offset;
            _count = count;
            _weights = weights;
        }

        public int[] Start { get; }

        public ReadOnlySpan<float> Weights(int i) => _weights.AsSpan(_offset[i], _count[i]);

        public static Resampling Create(int source, int target)
        {
            var start = new int[target];
            var offset = new int[target];
            var count = new int[target];
            var weights = new List<float>();
            double scale = (double)source / target;
            for (int i = 0; i < target; i++)
            {
                offset[i] = weights.Count;
                if (scale > 1)
                {
                    double lo = i * scale;
                    double hi = (i + 1) * scale;
                    int first = (int)Math.Floor(lo);
                    int last = Math.Min(source - 1, (int)Math.Ceiling(hi) - 1);
                    start[i] = first;
                    for (int j = first; j <= last; j++)
                    {
                        double overlap = Math.Min(hi, j + 1) - Math.Max(lo, j);
                        weights.Add((float)(overlap / scale));
                    }
                }
                else
                {
                    double centre = Math.Clamp(((i + 0.5) * scale) - 0.5, 0, source - 1);
                    int first = Math.Min((int)Math.Floor(centre), Math.Max(source - 2, 0));
                    double t = centre - first;
                    start[i] = first;
                    weights.Add((float)(1 - t));
                    if (first + 1 < source)
                    {
                        weights.Add((float)t);
                    }
                }

                count[i] = weights.Count - offset[i];
            }

            return new Resampling(start, offset, count, [.. weights]);
        }
    }
}
