namespace GpuRay.Workloads.MonteCarloPi;

/// <summary>
/// The vector operations <see cref="PiSimdCounter"/> needs, for one vector width. Implemented by structs, so
/// that the JIT compiles the counter once per width with every call inlined.
/// </summary>
/// <typeparam name="TVector">The vector of 32-bit lanes.</typeparam>
internal interface IPiLanes<TVector>
    where TVector : struct
{
    /// <summary>Gets the lanes in one vector.</summary>
    static abstract int Count { get; }

    /// <summary>Returns <paramref name="value"/> in every lane.</summary>
    static abstract TVector Create(uint value);

    /// <summary>Returns <paramref name="first"/> + i in lane i.</summary>
    static abstract TVector Counters(uint first);

    static abstract TVector Add(TVector left, TVector right);

    static abstract TVector Xor(TVector left, TVector right);

    static abstract TVector Multiply(TVector value, uint factor);

    static abstract TVector ShiftRightLogical(TVector value, int shift);

    /// <summary>Counts the samples that hit, lane i's coordinates being lane i of <paramref name="x"/> and <paramref name="y"/>.</summary>
    static abstract int Hits(TVector x, TVector y);
}
