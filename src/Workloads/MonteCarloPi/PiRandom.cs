using System.Runtime.CompilerServices;

namespace GpuRay.Workloads.MonteCarloPi;

/// <summary>
/// The counter-based generator shared by the scalar, SIMD and GPU paths: sample <c>c</c> of a task is a pure
/// function of (seed, task index, c), so any split of the counters over lanes, threads or devices gives the
/// same hits.
/// </summary>
/// <remarks>
/// The task key is SplitMix64 of (seed, task index). Counters are split into blocks of 2^32; each block gets
/// three 32-bit keys from the task key. Within a block, sample <c>lo</c> is
/// <c>z = mix(lo ^ k0), x = mix(z ^ k1), y = mix(z ^ k2)</c> with Wellons' lowbias32 as <c>mix</c>: only 32-bit
/// multiplies, which every SIMD instruction set and GPU has. The point is the centre of a cell of a 2^25 grid,
/// ((2a + 1) / 2^26, (2b + 1) / 2^26) with a = x >> 7 and b = y >> 7, and it hits when
/// (2a + 1)^2 + (2b + 1)^2 &lt; 2^52, exact in 64-bit integers. The SIMD path runs the same test in 64-bit
/// lanes (widening 32 x 32 -> 64-bit multiplies), so every path gives exactly the same count. The stream is the
/// project's reference: the workload tests pin counts for fixed seeds, so a change to it shows as a failing test.
/// </remarks>
internal static class PiRandom
{
    public const ulong HitBound = 1UL << 52;

    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    public static ulong TaskKey(ulong seed, int taskIndex)
    {
        return Mix64(Mix64(seed) ^ ((ulong)(uint)taskIndex * Golden));
    }

    public static PiBlockKey BlockKey(ulong taskKey, ulong block)
    {
        ulong s = Mix64(taskKey + ((block + 1) * Golden));
        ulong t = Mix64(s + Golden);
        return new PiBlockKey((uint)s, (uint)(s >> 32), (uint)t);
    }

    /// <summary>Returns 1 when sample <paramref name="counter"/> of the block hits, else 0, without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Hit(uint counter, PiBlockKey key)
    {
        // The sum is below 2^53, so it minus 2^52 wraps around (top bit set) exactly when it is below 2^52.
        return (long)((RadiusSquared(counter, key) - HitBound) >> 63);
    }

    /// <summary>Returns (2a + 1)^2 + (2b + 1)^2 for sample <paramref name="counter"/>: 2^52 is the circle.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong RadiusSquared(uint counter, PiBlockKey key)
    {
        uint z = Mix32(counter ^ key.K0);
        uint x = Mix32(z ^ key.K1);
        uint y = Mix32(z ^ key.K2);
        ulong a = (x >> 6) | 1u;
        ulong b = (y >> 6) | 1u;
        return (a * a) + (b * b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Mix32(uint x)
    {
        x ^= x >> 16;
        x *= 0x7FEB352Du;
        x ^= x >> 15;
        x *= 0x846CA68Bu;
        x ^= x >> 16;
        return x;
    }

    private static ulong Mix64(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
