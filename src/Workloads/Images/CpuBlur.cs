using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GpuRay.Workloads.Images;

/// <summary>
/// The single-threaded SIMD Gaussian blur of the CPU path, on RGBA8 pixels with borders that repeat the edge
/// pixel. By sigma it runs either the exact separable convolution or <see cref="RecursiveGaussian"/>, whose cost does
/// not grow with sigma.
/// </summary>
/// <remarks>
/// <para>
/// The exact path adds the same products in the same order as <see cref="BlurKernels.Reference"/>, so both give
/// the same bytes. One RGBA float pixel is four lanes, so a <see cref="Vector256{T}"/> carries two neighbouring
/// pixels in the horizontal pass. The vertical pass walks 32-float column strips top to bottom so that the rows
/// under the kernel stay in the L1 cache.
/// </para>
/// <para>
/// The chooser (<see cref="UsesRecursive"/>) takes the recursive filter from sigma
/// <see cref="RecursiveFromSigma"/> on, where it is faster (crossover measured in docs/gaussian-blur.md); there it
/// differs from the exact kernel by the bound stated in that file. Scratch comes from the caller or from
/// <see cref="ArrayPool{T}.Shared"/>, so a call allocates nothing large.
/// </para>
/// </remarks>
internal static class CpuBlur
{
    /// <summary>The sigma from which <see cref="Blur(ReadOnlySpan{byte}, Span{byte}, int, int, float)"/> runs the recursive filter.</summary>
    public const float RecursiveFromSigma = 2.5f;

    /// <summary>
    /// The largest sigma for the float recursion: beyond it the rounding, amplified by the filter's gain of about
    /// <c>sigma^3</c>, reaches several levels (measured in docs/gaussian-blur.md), so the exact path runs again.
    /// </summary>
    public const float RecursiveUpToSigma = 48f;

    private const int StripFloats = 32;

    /// <summary>Whether the chooser runs the recursive filter for this width and sigma (it needs 8 columns).</summary>
    public static bool UsesRecursive(int width, float sigma) =>
        sigma >= RecursiveFromSigma && sigma <= RecursiveUpToSigma && width >= RecursiveGaussian.StripFloats / 4;

    /// <summary>Floats of scratch the chosen path needs.</summary>
    public static int ScratchLength(int width, int height, float sigma) => UsesRecursive(width, sigma)
        ? RecursiveGaussian.ScratchLength(width, height)
        : ExactScratchLength(width, height, GaussianKernel.RadiusFor(sigma));

    /// <summary>Blurs with sigma, choosing the path; scratch comes from the shared array pool.</summary>
    public static void Blur(ReadOnlySpan<byte> source, Span<byte> target, int width, int height, float sigma)
    {
        float[] scratch = ArrayPool<float>.Shared.Rent(ScratchLength(width, height, sigma));
        Blur(source, target, width, height, sigma, scratch);
        ArrayPool<float>.Shared.Return(scratch);
    }

    /// <summary>Blurs with sigma, choosing the path, in the caller's scratch (<see cref="ScratchLength"/> floats).</summary>
    public static void Blur(ReadOnlySpan<byte> source, Span<byte> target, int width, int height, float sigma, Span<float> scratch)
    {
        Debug.Assert(sigma > 0, "sigma must be positive");
        if (UsesRecursive(width, sigma))
        {
            RecursiveGaussian.Blur(source, target, width, height, sigma, scratch);
            return;
        }

        int length = GaussianKernel.LengthFor(sigma);
        Span<float> weights = length <= 1024 ? stackalloc float[length] : new float[length];
        GaussianKernel.Fill(sigma, weights);
        BlurExact(source, target, width, height, weights, scratch);
    }

    /// <summary>The exact separable convolution with the given weights; scratch comes from the shared array pool.</summary>
    public static void Blur(ReadOnlySpan<byte> source, Span<byte> target, int width, int height, float[] weights)
    {
        float[] scratch = ArrayPool<float>.Shared.Rent(ExactScratchLength(width, height, weights.Length / 2));
        BlurExact(source, target, width, height, weights, scratch);
        ArrayPool<float>.Shared.Return(scratch);
    }

    private static int ExactScratchLength(int width, int height, int radius) => (width * height * 4) + ((width + (2 * radius) + 1) * 4);

    private static void BlurExact(
        ReadOnlySpan<byte> source, Span<byte> target, int width, int height, ReadOnlySpan<float> weights, Span<float> scratch)
    {
        Debug.Assert(source.Length == width * height * 4 && target.Length == source.Length, "buffer sizes");
        Debug.Assert(scratch.Length >= ExactScratchLength(width, height, weights.Length / 2), "scratch size");
        Span<float> temp = scratch[..source.Length];
        Span<float> padded = scratch.Slice(source.Length, (width + weights.Length) * 4);
        BlurRows(source, temp, padded, width, height, weights);
        BlurColumns(temp, target, width, height, weights);
    }

    private static void BlurRows(
        ReadOnlySpan<byte> source, Span<float> temp, Span<float> padded, int width, int height, ReadOnlySpan<float> weights)
    {
        int radius = weights.Length / 2;
        int rowFloats = width * 4;
        ref float pad = ref MemoryMarshal.GetReference(padded);
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

    private static void BlurColumns(Span<float> temp, Span<byte> target, int width, int height, ReadOnlySpan<float> weights)
    {
        int radius = weights.Length / 2;
        int rowFloats = width * 4;
        ref float src = ref MemoryMarshal.GetReference(temp);
        ref byte dst = ref MemoryMarshal.GetReference(target);
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

                PixelVectors.ToBytes(a0, a1, a2, a3).StoreUnsafe(ref dst, (nuint)((y * rowFloats) + strip));
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
}
