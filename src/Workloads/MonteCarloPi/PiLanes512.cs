using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GpuRay.Workloads.MonteCarloPi;

/// <summary>Sixteen lanes with AVX-512.</summary>
internal readonly struct PiLanes512 : IPiLanes<Vector512<uint>>
{
    public static int Count => Vector512<uint>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Create(uint value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Counters(uint first) => Vector512.Create(first) + Vector512<uint>.Indices;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Add(Vector512<uint> left, Vector512<uint> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Xor(Vector512<uint> left, Vector512<uint> right) => left ^ right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Multiply(Vector512<uint> value, uint factor) => value * factor;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> ShiftRightLogical(Vector512<uint> value, int shift) => value >> shift;

    // The scalar test in 64-bit lanes: widening multiplies square the coordinates of the even 32-bit lanes and,
    // shifted down, of the odd ones. The compares go to mask registers and the count to a popcount.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Hits(Vector512<uint> x, Vector512<uint> y)
    {
        Vector512<uint> a = (x >> 6) | Vector512<uint>.One;
        Vector512<uint> b = (y >> 6) | Vector512<uint>.One;
        Vector512<uint> aOdd = (a.AsUInt64() >> 32).AsUInt32();
        Vector512<uint> bOdd = (b.AsUInt64() >> 32).AsUInt32();
        Vector512<long> even = (Avx512F.Multiply(a, a) + Avx512F.Multiply(b, b)).AsInt64();
        Vector512<long> odd = (Avx512F.Multiply(aOdd, aOdd) + Avx512F.Multiply(bOdd, bOdd)).AsInt64();
        Vector512<long> bound = Vector512.Create((long)PiRandom.HitBound);
        ulong evenHits = Vector512.LessThan(even, bound).ExtractMostSignificantBits();
        ulong oddHits = Vector512.LessThan(odd, bound).ExtractMostSignificantBits();
        return BitOperations.PopCount(evenHits | (oddHits << Vector512<long>.Count));
    }
}
