using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

using GpuRay.Workloads.Images;
namespace GpuRay.Benchmarks;

/// <summary>
/// The single-threaded SIMD Gaussian blur of the CPU path. It adds the same products in the same order as
/// <see cref="BlurKernels.Reference"/>, so both give the same bytes.
/// </summary>
/// <remarks>
/// One RGBA float pixel is four lanes, so a <see cref="Vector256{T}"/> carries two neighbouring pixels in the
/// horizontal pass. The vertical pass walks 32-float column strips top to bottom so that the rows under the
/// kernel stay in the L1 cache.
/// </remarks>
internal static class PreviousCpuBlur
{
    private const int StripFloats = 32;

    public static void Blur(ReadOnlySpan<byte> source, Span<byte> target, int width, int height, float[] weights)
    {
        System.Diagnostics.Debug.Assert(source.Length == width * height * 4, "source size");
        var temp = new float[source.Length];
        BlurRows(source, temp, width, height, weights);
        BlurColumns(temp, target, width, height, weights);
    }

    private static void BlurRows(ReadOnlySpan<byte> source, float[] temp, int width, int height, float[] weights)
    {
        int radius = weights.Length / 2;
        int rowFloats = width * 4;
        var padded = new float[(width + (2 * radius) + 1) * 4];
        ref float pad = ref MemoryMarshal.GetArrayDataReference(padded);
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = source.Slice(y * rowFloats, rowFloats);
            for (int i = 0; i < width + (2 * radius); i++)
            {
                int sx = PixelMath.Clamp(i - radius, 0, width - 1) * 4;
                int d = i * 4;
                padded[d] = row[sx];
                padded[d + 1] = row[sx + 1];
                padded[d + 2] = row[sx + 2];
                padded[d + 3] = row[sx + 3];
            }

            ref float outRow = ref temp[y * rowFloats];
            int x = 0;
            for (; x + 1 < width; x += 2)
            {
                Vector256<float> acc = Vector256<float>.Zero;
                for (int k = 0; k < weights.Length; k++)
                {
                    acc += Vector256.Create(weights[k]) * Vector256.LoadUnsafe(ref pad, (nuint)((x + k) * 4));
                }

                acc.StoreUnsafe(ref outRow, (nuint)(x * 4));
            }

            if (x < width)
            {
                Vector128<float> acc = Vector128<float>.Zero;
                for (int k = 0; k < weights.Length; k++)
                {
                    acc += Vector128.Create(weights[k]) * Vector128.LoadUnsafe(ref pad, (nuint)((x + k) * 4));
                }

                acc.StoreUnsafe(ref outRow, (nuint)(x * 4));
            }
        }
    }

    private static void BlurColumns(float[] temp, Span<byte> target, int width, int height, float[] weights)
    {
        int radius = weights.Length / 2;
        int rowFloats = width * 4;
        ref float src = ref MemoryMarshal.GetArrayDataReference(temp);
        int strip = 0;
        for (; strip + StripFloats <= rowFloats; strip += StripFloats)
        {
            for (int y = 0; y < height; y++)
            {
                Vector256<float> a0 = Vector256<float>.Zero;
                Vector256<float> a1 = Vector256<float>.Zero;
                Vector256<float> a2 = Vector256<float>.Zero;
                Vector256<float> a3 = Vector256<float>.Zero;
                for (int k = 0; k < weights.Length; k++)
                {
                    int sy = PixelMath.Clamp(y + k - radius, 0, height - 1);
                    ref float line = ref Unsafe.Add(ref src, (sy * rowFloats) + strip);
                    var w = Vector256.Create(weights[k]);
                    a0 += w * Vector256.LoadUnsafe(ref line);
                    a1 += w * Vector256.LoadUnsafe(ref line, 8);
                    a2 += w * Vector256.LoadUnsafe(ref line, 16);
                    a3 += w * Vector256.LoadUnsafe(ref line, 24);
                }

                Span<byte> outStrip = target.Slice((y * rowFloats) + strip, StripFloats);
                Store(a0, outStrip);
                Store(a1, outStrip[8..]);
                Store(a2, outStrip[16..]);
                Store(a3, outStrip[24..]);
            }
        }

        for (int y = 0; y < height; y++)
        {
            for (int f = strip; f < rowFloats; f++)
            {
                float acc = 0;
                for (int k = 0; k < weights.Length; k++)
                {
                    int sy = PixelMath.Clamp(y + k - radius, 0, height - 1);
                    acc += weights[k] * temp[(sy * rowFloats) + f];
                }

                target[(y * rowFloats) + f] = PixelMath.ToByte(acc);
            }
        }
    }

    private static void Store(Vector256<float> values, Span<byte> target)
    {
        for (int i = 0; i < Vector256<float>.Count; i++)
        {
            target[i] = PixelMath.ToByte(values.GetElement(i));
        }
    }
}
