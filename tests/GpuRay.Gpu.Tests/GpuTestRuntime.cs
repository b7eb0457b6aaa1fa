using GpuRay.Functions;
using GpuRay.Options;
using GpuRay.Runtime;

using ILGPU;
using ILGPU.Runtime;

using Microsoft.Extensions.Logging;

namespace GpuRay.Gpu.Tests;

/// <summary>Starts runtimes on the CPU fallback, whatever the machine has, with room for blocked tasks.</summary>
internal static class GpuTestRuntime
{
    public const long FallbackMemory = 64L << 20;

    public static GpuOptions CpuOptions { get; } = new() { Device = "cpu", FallbackMemoryBytes = FallbackMemory };

    public static GpuRayRuntime Start(GpuOptions? gpuOptions = null, ILoggerFactory? loggers = null, double cpus = 64) =>
        GpuRayRuntime.Start(new RuntimeOptions { NumCpus = cpus, LoggerFactory = loggers }.UseGpus(gpuOptions ?? CpuOptions));

    /// <summary>A good one-GPU task, run after a faulted one to show the device is still usable: {1, 2} + 1.</summary>
    public static RemoteFunction<int[]> AddOneTask(GpuRayRuntime ray, string name) => ray.Remote(
        () =>
        {
            GpuContext gpu = GpuContext.Current;
            MemoryBuffer1D<int, Stride1D.Dense> buffer = gpu.Allocate1D(new[] { 1, 2 });
            gpu.LoadKernel<Index1D, ArrayView<int>, int>(TestKernels.AddConstant)(2, buffer.View, 1);
            gpu.Synchronize();
            return buffer.GetAsArray1D(gpu.Stream);
        },
        name,
        new TaskOptions { NumGpus = 1 });
}
