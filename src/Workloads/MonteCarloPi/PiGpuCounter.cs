using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace GpuRay.Workloads.MonteCarloPi;

/// <summary>Launches <see cref="PiKernel"/> on a caller-owned accelerator, with the loaded kernel cached per accelerator.</summary>
internal static class PiGpuCounter
{
    /// <summary>Fewer samples than this per thread and the launch costs more than the work.</summary>
    public const long MinSamplesPerThread = 256;

    private const int PreferredGroupSize = 256;

    private static readonly ConditionalWeakTable<Accelerator, Action<AcceleratorStream, KernelConfig, ArrayView<long>, ulong, long, long>> Kernels = new();

    private static readonly Lock KernelsLock = new();

    /// <summary>The thread count a launch uses when the caller gives none: enough to fill the device.</summary>
    public static long DefaultThreadCount(Accelerator accelerator, long samples)
    {
        long full = (long)accelerator.NumMultiprocessors * accelerator.MaxNumThreadsPerMultiprocessor;
        long useful = (samples + MinSamplesPerThread - 1) / MinSamplesPerThread;
        return Math.Max(1, Math.Min(full, useful));
    }

    /// <summary>The group size for <paramref name="accelerator"/>: a whole number of warps.</summary>
    public static int GroupSize(Accelerator accelerator)
    {
        int warp = Math.Max(1, accelerator.WarpSize);
        int limit = Math.Min(PreferredGroupSize, accelerator.MaxNumThreadsPerGroup);
        return Math.Max(warp, limit / warp * warp);
    }

    /// <summary>Splits <paramref name="samples"/> over whole groups of at least <paramref name="threadCount"/> threads.</summary>
    public static (KernelConfig Config, PiKernelParameters Parameters) Plan(
        Accelerator accelerator, ulong taskKey, long samples, long threadCount)
    {
        int groupSize = GroupSize(accelerator);
        long groups = (threadCount + groupSize - 1) / groupSize;
        long threads = groups * groupSize;
        long perThread = Math.Max(1, (samples + threads - 1) / threads);
        return (new KernelConfig(checked((int)groups), groupSize), new PiKernelParameters(taskKey, samples, perThread));
    }

    public static long Count(Accelerator accelerator, ulong taskKey, long samples, long threadCount)
    {
        if (samples == 0)
        {
            return 0;
        }

        (KernelConfig config, PiKernelParameters parameters) = Plan(accelerator, taskKey, samples, threadCount);
        Action<AcceleratorStream, KernelConfig, ArrayView<long>, ulong, long, long> kernel = GetKernel(accelerator);
        using AcceleratorStream stream = accelerator.CreateStream();
        using MemoryBuffer1D<long, Stride1D.Dense> total = accelerator.Allocate1D<long>(1);
        total.View.MemSetToZero(stream);
        kernel(stream, config, total.View, parameters.TaskKey, parameters.Samples, parameters.SamplesPerThread);
        long[] result = total.View.GetAsArray1D(stream);
        return result[0];
    }

    private static Action<AcceleratorStream, KernelConfig, ArrayView<long>, ulong, long, long> GetKernel(Accelerator accelerator)
    {
        // Loading compiles the kernel; the lock keeps two first callers from compiling it twice.
        lock (KernelsLock)
        {
            if (!Kernels.TryGetValue(accelerator, out Action<AcceleratorStream, KernelConfig, ArrayView<long>, ulong, long, long>? kernel))
            {
                kernel = accelerator.LoadKernel<ArrayView<long>, ulong, long, long>(PiKernel.CountHits);
                Kernels.Add(accelerator, kernel);
            }

            return kernel;
        }
    }
}
