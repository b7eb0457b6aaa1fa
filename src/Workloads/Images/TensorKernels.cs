using ILGPU;

namespace GpuRay.Workloads.Images;

/// <summary>
/// The tutorial's tensor arithmetic on the RGB bytes of the transformed image, viewed as an H x W x 3 tensor:
/// <c>t = pow(tensor, 2); s = sum(t); m = mul(t, s)</c>.
/// </summary>
/// <remarks>
/// The tutorial squares a uint8 tensor, which wraps at 256; here every element is widened to 64 bits first, so
/// <c>s</c> is the true sum of squares. <c>m</c> is not kept (it would be 8 bytes per element): its checksum is
/// the wrapping 64-bit sum of <c>m[e] * (2e + 1)</c> over the element index <c>e</c>, which any summation order,
/// and so a device reduction with atomics, gives exactly.
/// </remarks>
internal static class TensorKernels
{
    /// <summary>Sum of squares; each thread walks a grid stride and adds its partial sum atomically.</summary>
    public static void SumSquaresKernel(Index1D thread, ArrayView<byte> pixels, ArrayView<long> result, int pixelCount, int stride)
    {
        long acc = 0;
        for (int i = thread; i < pixelCount; i += stride)
        {
            int s = i * 4;
            long r = pixels[s];
            long g = pixels[s + 1];
            long b = pixels[s + 2];
            acc += (r * r) + (g * g) + (b * b);
        }

        Atomic.Add(ref result[0], acc);
    }

    /// <summary>Checksum of m = t * s; each thread walks a grid stride and adds its partial sum atomically.</summary>
    public static void ProductChecksumKernel(
        Index1D thread, ArrayView<byte> pixels, ArrayView<long> result, int pixelCount, int stride, long sum)
    {
        long acc = 0;
        for (int i = thread; i < pixelCount; i += stride)
        {
            for (int c = 0; c < 3; c++)
            {
                long v = pixels[(i * 4) + c];
                long e = ((long)i * 3) + c;
                acc += v * v * sum * ((2 * e) + 1);
            }
        }

        Atomic.Add(ref result[0], acc);
    }

    /// <summary>CPU reference: returns (s, checksum of m).</summary>
    public static (long Sum, ulong ProductChecksum) Compute(ReadOnlySpan<byte> pixels)
    {
        long sum = 0;
        for (int s = 0; s < pixels.Length; s += 4)
        {
            long r = pixels[s];
            long g = pixels[s + 1];
            long b = pixels[s + 2];
            sum += (r * r) + (g * g) + (b * b);
        }

        long checksum = 0;
        for (int i = 0; i < pixels.Length / 4; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                long v = pixels[(i * 4) + c];
                long e = ((long)i * 3) + c;
                checksum += v * v * sum * ((2 * e) + 1);
            }
        }

        return (sum, unchecked((ulong)checksum));
    }
}
