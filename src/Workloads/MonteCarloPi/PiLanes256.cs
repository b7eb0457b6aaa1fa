using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GpuRay.Workloads.MonteCarloPi;

/// <summary>Eight lanes with AVX2.</summary>
internal readonly struct PiLanes256 : IPiLanes<Vector256<uint>>
{
    public static int Count => Vector256<uint>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Create(uint value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Counters(uint first) => Vector256.Create(first) + Vector256<uint>.Indices;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Add(Vector256<uint> left, Vector256<uint> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Xor(Vector256<uint> left, Vector256<uint> right) => left ^ right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Multiply(Vector256<uint> value, uint factor) => value * factor;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> ShiftRightLogical(Vector256<uint> value, int shift) => value >> shift;

    // The scalar test in 64-bit lanes: widening multiplies square the coordinates of the even 32-bit lanes and,
    // shifted down, of the odd ones.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Hits(Vector256<uint> x, Vector256<uint> y)
    {
        Vector256<uint> a = (x >> 6) | Vector256<uint>.One;
        Vector256<uint> b = (y >> 6) | Vector256<uint>.One;
        Vector256<uint> aOdd = (a.AsUInt64() >> 32).AsUInt32();
        Vector256<uint> bOdd = (b.AsUInt64() >> 32).AsUInt32();
        Vector256<long> even = (Avx2.Multiply(a, a) + Avx2.Multiply(b, b)).AsInt64();
        Vector256<long> odd = (Avx2.Multiply(aOdd, aOdd) + Avx2.Multiply(bOdd, bOdd)).AsInt64();
        Vector256<long> bound = Vector256.Create((long)PiRandom.HitBound);
        uint evenHits = Vector256.LessThan(even, bound).ExtractMostSignificantBits();
        uint oddHits = Vector256.LessThan(odd, bound).ExtractMostSignificantBits();
        return BitOperations.PopCount(evenHits | (oddHits << Vector256<long>.Count));
    }
}
