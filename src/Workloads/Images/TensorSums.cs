using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GpuRay.Workloads.Images;

/// <summary>
/// The tensor arithmetic of <see cref="TensorKernels.Compute"/> in one pass instead of two, fed a run of pixels
/// at a time (a block of rows while it is still in the cache), eight pixels per step.
/// </summary>
/// <remarks>
/// The checksum is the wrapping sum of <c>v^2 * s * (2e + 1)</c>, and 64-bit wrapping arithmetic is a ring, so it
/// equals <c>s * T</c> with <c>T = sum(v^2 * (2e + 1))</c>: <c>s</c> is not needed before the end. For pixel
/// <c>i</c> (e = 3i + c) that is <c>6i * q + w</c> with <c>q = r^2 + g^2 + b^2</c> and
/// <c>w = r^2 + 3g^2 + 5b^2</c>. The lanes keep 32-bit sums over blocks short enough not to overflow, and
/// the index weight comes from running sums: over K steps, <c>sum(k * q_k) = K * sum(q) - sum(running sum)</c>.
/// The results equal <see cref="TensorKernels.Compute"/> exactly.
/// </remarks>
internal struct TensorSums
{
    // 64 steps: a lane's sum of running sums stays under 195075 * 64 * 65 / 2, well inside an int.
    private const int BlockSteps = 64;

    private long _sum;
    private long _weighted;

    public readonly long Sum => _sum;

    public readonly ulong ProductChecksum => unchecked((ulong)(_sum * _weighted));

    /// <summary>Adds the RGB of <paramref name="pixels"/>, whose first pixel has index <paramref name="firstPixel"/> in the image.</summary>
    public void Add(ReadOnlySpan<byte> pixels, long firstPixel)
    {
        System.Diagnostics.Debug.Assert(pixels.Length % 4 == 0, "whole pixels");
        ReadOnlySpan<int> px = MemoryMarshal.Cast<byte, int>(pixels);
        int i = 0;
        unchecked
        {
            if (Vector256.IsHardwareAccelerated)
            {
                ref int start = ref MemoryMarshal.GetReference(px);
                Vector256<int> mask = Vector256.Create(0xFF);
                while (i + Vector256<int>.Count <= px.Length)
                {
                    int steps = Math.Min(BlockSteps, (px.Length - i) / Vector256<int>.Count);
                    Vector256<int> sums = Vector256<int>.Zero;
                    Vector256<int> running = Vector256<int>.Zero;
                    Vector256<int> weights = Vector256<int>.Zero;
                    for (int k = 0; k < steps; k++)
                    {
                        Vector256<int> p = Vector256.LoadUnsafe(ref start, (nuint)(i + (k * Vector256<int>.Count)));
                        Vector256<int> r = p & mask;
                        Vector256<int> g = (p >>> 8) & mask;
                        Vector256<int> b = (p >>> 16) & mask;
                        Vector256<int> r2 = r * r;
                        Vector256<int> g2 = g * g;
                        Vector256<int> b2 = b * b;
                        Vector256<int> q = r2 + g2 + b2;
                        sums += q;
                        running += sums;
                        weights += q + ((g2 + (b2 << 1)) << 1);
                    }

                    long blockStart = firstPixel + i;
                    for (int lane = 0; lane < Vector256<int>.Count; lane++)
                    {
                        long a = sums.GetElement(lane);
                        long stepWeighted = (steps * a) - running.GetElement(lane);
                        _sum += a;
                        _weighted += (6 * (((blockStart + lane) * a) + (Vector256<int>.Count * stepWeighted))) + weights.GetElement(lane);
                    }

                    i += steps * Vector256<int>.Count;
                }
            }

            for (; i < px.Length; i++)
            {
                long r = px[i] & 0xFF;
                long g = (px[i] >> 8) & 0xFF;
                long b = (px[i] >> 16) & 0xFF;
                long q = (r * r) + (g * g) + (b * b);
                _sum += q;
                _weighted += (6 * (firstPixel + i) * q) + q + (2 * g * g) + (4 * b * b);
            }
        }
    }
}
