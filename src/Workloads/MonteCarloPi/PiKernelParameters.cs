namespace GpuRay.Workloads.MonteCarloPi;

/// <summary>The kernel's scalar arguments, a plain struct as kernels require.</summary>
internal readonly struct PiKernelParameters
{
    public PiKernelParameters(ulong taskKey, long samples, long samplesPerThread)
    {
        TaskKey = taskKey;
        Samples = samples;
        SamplesPerThread = samplesPerThread;
    }

    public ulong TaskKey { get; }

    public long Samples { get; }

    public long SamplesPerThread { get; }
}
