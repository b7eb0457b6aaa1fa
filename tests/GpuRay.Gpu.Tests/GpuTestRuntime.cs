using GpuRay.Runtime;

using Microsoft.Extensions.Logging;

namespace GpuRay.Gpu.Tests;

/// <summary>Starts runtimes on the CPU fallback, whatever the machine has, with room for blocked tasks.</summary>
internal static class GpuTestRuntime
{
    public const long FallbackMemory = 64L << 20;

    public static GpuOptions CpuOptions { get; } = new() { Device = "cpu", FallbackMemoryBytes = FallbackMemory };

    public static GpuRayRuntime Start(GpuOptions? gpuOptions = null, ILoggerFactory? loggers = null, double cpus = 64) =>
        GpuRayRuntime.Start(new RuntimeOptions { NumCpus = cpus, LoggerFactory = loggers }.UseGpus(gpuOptions ?? CpuOptions));
}
