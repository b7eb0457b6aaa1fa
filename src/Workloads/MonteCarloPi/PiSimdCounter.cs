using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GpuRay.Workloads.MonteCarloPi;

/// <summary>
/// The vectorised CPU path: sixteen samples per vector with AVX-512, eight with AVX2, four with the portable
/// <see cref="Vector128"/> code, and the scalar code for the tail of each block.
/// </summary>
/// <remarks>
/// Lane i of a vector takes counter <c>first + i</c>, the same counter the scalar path gives that sample, and
/// applies the scalar path's exact integer test: the 26-bit coordinates of the even and of the odd 32-bit lanes
/// are squared by widening 32 x 32 -> 64-bit multiplies, summed and compared with 2^52 in 64-bit lanes. So the
/// count equals <see cref="PiScalarCounter.CountRange"/> for every width, with no branch per sample and no
/// float approximation to correct. Each loop step draws two independent vectors, so that the multiplies of one
/// hide the latency of the other.
/// </remarks>
internal static class PiSimdCounter
{
    private const int VectorsPerStep = 2;

    /// <summary>Gets the widest width this machine runs: what <see cref="CountRange(ulong, long, long)"/> uses.</summary>
    public static PiVectorWidth Widest { get; } =
        IsSupported(PiVectorWidth.Vector512) ? PiVectorWidth.Vector512
        : IsSupported(PiVectorWidth.Vector256) ? PiVectorWidth.Vector256
        : IsSupported(PiVectorWidth.Vector128) ? PiVectorWidth.Vector128
        : PiVectorWidth.Scalar;

    /// <summary>Whether this machine runs <paramref name="width"/> in hardware.</summary>
    public static bool IsSupported(PiVectorWidth width) => width switch
    {
        PiVectorWidth.Vector512 => Vector512.IsHardwareAccelerated && Avx512F.IsSupported,
        PiVectorWidth.Vector256 => Vector256.IsHardwareAccelerated && Avx2.IsSupported,
        PiVectorWidth.Vector128 => Vector128.IsHardwareAccelerated,
        _ => true,
    };

    public static long CountRange(ulong taskKey, long start, long end)
    {
        return CountRange(taskKey, start, end, Widest);
    }

    /// <summary>Counts with a chosen width, so that tests and benchmarks can run the narrower paths too.</summary>
    public static long CountRange(ulong taskKey, long start, long end, PiVectorWidth width)
    {
        Debug.Assert(IsSupported(width), $"This machine does not run {width}.");
        long hits = 0;
        long counter = start;
        while (counter < end)
        {
            ulong block = (ulong)counter >> 32;
            ulong nextBlockStart = (block + 1) << 32;
            long blockEnd = (ulong)end < nextBlockStart ? end : (long)nextBlockStart;
            PiBlockKey key = PiRandom.BlockKey(taskKey, block);
            hits += CountInBlock(key, (uint)counter, blockEnd - counter, width);
            counter = blockEnd;
        }

        return hits;
    }

    private static long CountInBlock(PiBlockKey key, uint first, long count, PiVectorWidth width)
    {
        Debug.Assert(count > 0 && first + count <= (1L << 32), "A block holds at most 2^32 counters.");
        int perStep = width switch
        {
            PiVectorWidth.Vector512 => VectorsPerStep * Vector512<uint>.Count,
            PiVectorWidth.Vector256 => VectorsPerStep * Vector256<uint>.Count,
            PiVectorWidth.Vector128 => VectorsPerStep * Vector128<uint>.Count,
            _ => 0,
        };
        long steps = perStep == 0 ? 0 : count / perStep;
        long hits = width switch
        {
            PiVectorWidth.Vector512 => Count512(key, first, steps),
            PiVectorWidth.Vector256 => Count256(key, first, steps),
            PiVectorWidth.Vector128 => Count128(key, first, steps),
            _ => 0,
        };

        for (long i = steps * perStep; i < count; i++)
        {
            hits += PiRandom.Hit((uint)(first + i), key);
        }

        return hits;
    }

    private static long Count512(PiBlockKey key, uint first, long steps)
    {
        Vector512<uint> k0 = Vector512.Create(key.K0);
        Vector512<uint> k1 = Vector512.Create(key.K1);
        Vector512<uint> k2 = Vector512.Create(key.K2);
        Vector512<uint> counters = Vector512.Create(first) + Vector512<uint>.Indices;
        Vector512<uint> secondOffset = Vector512.Create((uint)Vector512<uint>.Count);
        Vector512<uint> step = Vector512.Create((uint)(VectorsPerStep * Vector512<uint>.Count));
        long hits = 0;
        for (long i = 0; i < steps; i++)
        {
            hits += Hits(counters, k0, k1, k2) + Hits(counters + secondOffset, k0, k1, k2);
            counters += step;
        }

        return hits;
    }

    private static long Count256(PiBlockKey key, uint first, long steps)
    {
        Vector256<uint> k0 = Vector256.Create(key.K0);
        Vector256<uint> k1 = Vector256.Create(key.K1);
        Vector256<uint> k2 = Vector256.Create(key.K2);
        Vector256<uint> counters = Vector256.Create(first) + Vector256<uint>.Indices;
        Vector256<uint> secondOffset = Vector256.Create((uint)Vector256<uint>.Count);
        Vector256<uint> step = Vector256.Create((uint)(VectorsPerStep * Vector256<uint>.Count));
        Vector256<long> first8 = Vector256<long>.Zero;
        Vector256<long> second8 = Vector256<long>.Zero;
        for (long i = 0; i < steps; i++)
        {
            first8 += NegatedHits(counters, k0, k1, k2);
            second8 += NegatedHits(counters + secondOffset, k0, k1, k2);
            counters += step;
        }

        return -Vector256.Sum(first8 + second8);
    }

    private static long Count128(PiBlockKey key, uint first, long steps)
    {
        Vector128<uint> k0 = Vector128.Create(key.K0);
        Vector128<uint> k1 = Vector128.Create(key.K1);
        Vector128<uint> k2 = Vector128.Create(key.K2);
        Vector128<uint> counters = Vector128.Create(first) + Vector128<uint>.Indices;
        Vector128<uint> secondOffset = Vector128.Create((uint)Vector128<uint>.Count);
        Vector128<uint> step = Vector128.Create((uint)(VectorsPerStep * Vector128<uint>.Count));
        Vector128<long> first4 = Vector128<long>.Zero;
        Vector128<long> second4 = Vector128<long>.Zero;
        for (long i = 0; i < steps; i++)
        {
            first4 += NegatedHits(counters, k0, k1, k2);
            second4 += NegatedHits(counters + secondOffset, k0, k1, k2);
            counters += step;
        }

        return -Vector128.Sum(first4 + second4);
    }

    // The compares go to mask registers and the count to a popcount on the scalar ports, which this loop leaves
    // idle: measured about 10% faster than summing the compares in vector lanes, as the narrower widths do.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hits(Vector512<uint> counters, Vector512<uint> k0, Vector512<uint> k1, Vector512<uint> k2)
    {
        Vector512<uint> z = Mix32(counters ^ k0);
        Vector512<uint> a = (Mix32(z ^ k1) >> 6) | Vector512<uint>.One;
        Vector512<uint> b = (Mix32(z ^ k2) >> 6) | Vector512<uint>.One;
        Vector512<uint> aOdd = (a.AsUInt64() >> 32).AsUInt32();
        Vector512<uint> bOdd = (b.AsUInt64() >> 32).AsUInt32();
        Vector512<long> even = (Avx512F.Multiply(a, a) + Avx512F.Multiply(b, b)).AsInt64();
        Vector512<long> odd = (Avx512F.Multiply(aOdd, aOdd) + Avx512F.Multiply(bOdd, bOdd)).AsInt64();
        Vector512<long> bound = Vector512.Create((long)PiRandom.HitBound);
        ulong evenHits = Vector512.LessThan(even, bound).ExtractMostSignificantBits();
        ulong oddHits = Vector512.LessThan(odd, bound).ExtractMostSignificantBits();
        return BitOperations.PopCount(evenHits | (oddHits << Vector512<long>.Count));
    }

    // Each 64-bit lane holds two samples, so its value is minus the hits among them (LessThan gives -1 per hit).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> NegatedHits(Vector256<uint> counters, Vector256<uint> k0, Vector256<uint> k1, Vector256<uint> k2)
    {
        Vector256<uint> z = Mix32(counters ^ k0);
        Vector256<uint> a = (Mix32(z ^ k1) >> 6) | Vector256<uint>.One;
        Vector256<uint> b = (Mix32(z ^ k2) >> 6) | Vector256<uint>.One;
        Vector256<uint> aOdd = (a.AsUInt64() >> 32).AsUInt32();
        Vector256<uint> bOdd = (b.AsUInt64() >> 32).AsUInt32();
        Vector256<long> even = (Avx2.Multiply(a, a) + Avx2.Multiply(b, b)).AsInt64();
        Vector256<long> odd = (Avx2.Multiply(aOdd, aOdd) + Avx2.Multiply(bOdd, bOdd)).AsInt64();
        Vector256<long> bound = Vector256.Create((long)PiRandom.HitBound);
        return Vector256.LessThan(even, bound) + Vector256.LessThan(odd, bound);
    }

    // The portable path widens with the cross-platform API, which every vector instruction set lowers correctly.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<long> NegatedHits(Vector128<uint> counters, Vector128<uint> k0, Vector128<uint> k1, Vector128<uint> k2)
    {
        Vector128<uint> z = Mix32(counters ^ k0);
        (Vector128<ulong> aLow, Vector128<ulong> aHigh) = Vector128.Widen((Mix32(z ^ k1) >> 6) | Vector128<uint>.One);
        (Vector128<ulong> bLow, Vector128<ulong> bHigh) = Vector128.Widen((Mix32(z ^ k2) >> 6) | Vector128<uint>.One);
        Vector128<long> low = ((aLow * aLow) + (bLow * bLow)).AsInt64();
        Vector128<long> high = ((aHigh * aHigh) + (bHigh * bHigh)).AsInt64();
        Vector128<long> bound = Vector128.Create((long)PiRandom.HitBound);
        return Vector128.LessThan(low, bound) + Vector128.LessThan(high, bound);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Mix32(Vector512<uint> x)
    {
        x ^= x >> 16;
        x *= 0x7FEB352Du;
        x ^= x >> 15;
        x *= 0x846CA68Bu;
        x ^= x >> 16;
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Mix32(Vector256<uint> x)
    {
        x ^= x >> 16;
        x *= 0x7FEB352Du;
        x ^= x >> 15;
        x *= 0x846CA68Bu;
        x ^= x >> 16;
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Mix32(Vector128<uint> x)
    {
        x ^= x >> 16;
        x *= 0x7FEB352Du;
        x ^= x >> 15;
        x *= 0x846CA68Bu;
        x ^= x >> 16;
        return x;
    }
}
