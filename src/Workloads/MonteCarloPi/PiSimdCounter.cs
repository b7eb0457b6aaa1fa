using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GpuRay.Workloads.MonteCarloPi;

/// <summary>
/// The vectorised CPU path: eight samples per step with <see cref="Vector256"/> where it is hardware
/// accelerated, four with <see cref="Vector128"/> otherwise, and the scalar code for the tail.
/// </summary>
/// <remarks>
/// Lane i of a step takes counter <c>first + i</c>, the same counter the scalar path gives that sample. A float
/// test with a proven error bound decides every lane except the rare ones near the circle, and a step with such a
/// lane is redone with the exact integer test (see <see cref="PiRandom"/>). So the count equals
/// <see cref="PiScalarCounter.CountRange"/> for every vector width.
/// </remarks>
internal static class PiSimdCounter
{
    // The exact test is u^2 + v^2 < 2^52 with u = (x >> 6) | 1. With p = x >> 8 (24 bits, exact in a float),
    // u is 4p + 1 or 4p + 3, so u^2 lies in (16 p^2, 16 p^2 + 2^30]. The float p^2 + q^2 is within 2^-23 of the
    // real one (with or without a fused multiply-add), so below 2^48 (1 - 2^-20) the exact test surely hits and
    // from 2^48 (1 + 2^-20) on it surely misses. Both bounds are exact floats.
    private const float SurelyInside = (float)((1L << 48) - (1L << 28));
    private const float MaybeInside = (float)((1L << 48) + (1L << 28));

    public static long CountRange(ulong taskKey, long start, long end)
    {
        return CountRange(taskKey, start, end, Vector256.IsHardwareAccelerated);
    }

    /// <summary>Counts with a chosen width, so that tests can check the 128-bit path on a 256-bit machine.</summary>
    public static long CountRange(ulong taskKey, long start, long end, bool use256)
    {
        long hits = 0;
        long counter = start;
        while (counter < end)
        {
            ulong block = (ulong)counter >> 32;
            ulong nextBlockStart = (block + 1) << 32;
            long blockEnd = (ulong)end < nextBlockStart ? end : (long)nextBlockStart;
            PiBlockKey key = PiRandom.BlockKey(taskKey, block);
            hits += CountInBlock(key, (uint)counter, blockEnd - counter, use256);
            counter = blockEnd;
        }

        return hits;
    }

    private static long CountInBlock(PiBlockKey key, uint first, long count, bool use256)
    {
        Debug.Assert(count > 0 && first + count <= (1L << 32), "A block holds at most 2^32 counters.");
        long done;
        long hits;
        if (use256 && Vector256.IsHardwareAccelerated)
        {
            hits = Count256(key, first, count, out done);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            hits = Count128(key, first, count, out done);
        }
        else
        {
            done = 0;
            hits = 0;
        }

        for (long i = done; i < count; i++)
        {
            hits += PiRandom.Hit((uint)(first + i), key);
        }

        return hits;
    }

    private static long Count256(PiBlockKey key, uint first, long count, out long done)
    {
        Vector256<uint> k0 = Vector256.Create(key.K0);
        Vector256<uint> k1 = Vector256.Create(key.K1);
        Vector256<uint> k2 = Vector256.Create(key.K2);
        Vector256<float> surelyInside = Vector256.Create(SurelyInside);
        Vector256<float> maybeInside = Vector256.Create(MaybeInside);
        Vector256<uint> counters = Vector256.Create(first) + Vector256<uint>.Indices;
        Vector256<uint> step = Vector256.Create((uint)Vector256<uint>.Count);
        Vector256<int> acc = Vector256<int>.Zero;
        long hits = 0;
        long vectorEnd = count - (count % Vector256<uint>.Count);
        for (long i = 0; i < vectorEnd; i += Vector256<uint>.Count)
        {
            Vector256<uint> z = Mix32(counters ^ k0);
            Vector256<float> x = Vector256.ConvertToSingle((Mix32(z ^ k1) >> 8).AsInt32());
            Vector256<float> y = Vector256.ConvertToSingle((Mix32(z ^ k2) >> 8).AsInt32());
            Vector256<float> radius = (x * x) + (y * y);
            Vector256<int> inside = Vector256.LessThan(radius, surelyInside).AsInt32();
            Vector256<int> notOutside = Vector256.LessThan(radius, maybeInside).AsInt32();
            if (inside == notOutside)
            {
                acc -= inside;
            }
            else
            {
                hits += CountExactly(key, first + (uint)i, Vector256<uint>.Count);
            }

            counters += step;
        }

        done = vectorEnd;
        (Vector256<long> low, Vector256<long> high) = Vector256.Widen(acc);
        return hits + Vector256.Sum(low + high);
    }

    private static long Count128(PiBlockKey key, uint first, long count, out long done)
    {
        Vector128<uint> k0 = Vector128.Create(key.K0);
        Vector128<uint> k1 = Vector128.Create(key.K1);
        Vector128<uint> k2 = Vector128.Create(key.K2);
        Vector128<float> surelyInside = Vector128.Create(SurelyInside);
        Vector128<float> maybeInside = Vector128.Create(MaybeInside);
        Vector128<uint> counters = Vector128.Create(first) + Vector128<uint>.Indices;
        Vector128<uint> step = Vector128.Create((uint)Vector128<uint>.Count);
        Vector128<int> acc = Vector128<int>.Zero;
        long hits = 0;
        long vectorEnd = count - (count % Vector128<uint>.Count);
        for (long i = 0; i < vectorEnd; i += Vector128<uint>.Count)
        {
            Vector128<uint> z = Mix32(counters ^ k0);
            Vector128<float> x = Vector128.ConvertToSingle((Mix32(z ^ k1) >> 8).AsInt32());
            Vector128<float> y = Vector128.ConvertToSingle((Mix32(z ^ k2) >> 8).AsInt32());
            Vector128<float> radius = (x * x) + (y * y);
            Vector128<int> inside = Vector128.LessThan(radius, surelyInside).AsInt32();
            Vector128<int> notOutside = Vector128.LessThan(radius, maybeInside).AsInt32();
            if (inside == notOutside)
            {
                acc -= inside;
            }
            else
            {
                hits += CountExactly(key, first + (uint)i, Vector128<uint>.Count);
            }

            counters += step;
        }

        done = vectorEnd;
        (Vector128<long> low, Vector128<long> high) = Vector128.Widen(acc);
        return hits + Vector128.Sum(low + high);
    }

    // About one step in 10^5 has a lane too close to the circle for the float test; it is redone exactly.
    private static long CountExactly(PiBlockKey key, uint first, int count)
    {
        long hits = 0;
        for (int j = 0; j < count; j++)
        {
            hits += PiRandom.Hit(first + (uint)j, key);
        }

        return hits;
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
