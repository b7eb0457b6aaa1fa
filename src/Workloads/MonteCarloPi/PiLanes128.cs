using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GpuRay.Workloads.MonteCarloPi;

/// <summary>Four lanes through the portable Vector128 API (SSE, Arm AdvSimd).</summary>
internal readonly struct PiLanes128 : IPiLanes<Vector128<uint>>
{
    public static int Count => Vector128<uint>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Create(uint value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Counters(uint first) => Vector128.Create(first) + Vector128<uint>.Indices;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Add(Vector128<uint> left, Vector128<uint> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Xor(Vector128<uint> left, Vector128<uint> right) => left ^ right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Multiply(Vector128<uint> value, uint factor) => value * factor;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> ShiftRightLogical(Vector128<uint> value, int shift) => value >> shift;

    // The scalar test in 64-bit lanes, widened with the cross-platform API, which every vector instruction set
    // lowers correctly.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Hits(Vector128<uint> x, Vector128<uint> y)
    {
        (Vector128<ulong> aLow, Vector128<ulong> aHigh) = Vector128.Widen((x >> 6) | Vector128<uint>.One);
        (Vector128<ulong> bLow, Vector128<ulong> bHigh) = Vector128.Widen((y >> 6) | Vector128<uint>.One);
        Vector128<long> low = ((aLow * aLow) + (bLow * bLow)).AsInt64();
        Vector128<long> high = ((aHigh * aHigh) + (bHigh * bHigh)).AsInt64();
        Vector128<long> bound = Vector128.Create((long)PiRandom.HitBound);
        uint lowHits = Vector128.LessThan(low, bound).ExtractMostSignificantBits();
        uint highHits = Vector128.LessThan(high, bound).ExtractMostSignificantBits();
        return BitOperations.PopCount(lowHits | (highHits << Vector128<long>.Count));
    }
}
