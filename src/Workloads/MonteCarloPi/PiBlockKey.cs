namespace GpuRay.Workloads.MonteCarloPi;

/// <summary>The three 32-bit keys of one block of 2^32 sample counters in one task's stream.</summary>
internal readonly struct PiBlockKey
{
    public PiBlockKey(uint k0, uint k1, uint k2)
    {
        K0 = k0;
        K1 = k1;
        K2 = k2;
    }

    public uint K0 { get; }

    public uint K1 { get; }

    public uint K2 { get; }
}
