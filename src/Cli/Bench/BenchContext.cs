using System.Diagnostics;
using GpuRay.Gpu;
using Microsoft.Extensions.Logging;

namespace GpuRay.Cli.Bench;

/// <summary>What a workload needs while it runs: the plan, the runtime, the node's size and its GPU device.</summary>
internal sealed class BenchContext
{
    public BenchContext(BenchPlan plan, GpuRayRuntime ray, int cores, DeviceSummary? device, ILogger logger)
    {
        Plan = plan;
        Ray = ray;
        Cores = cores;
        Device = device;
        Logger = logger;
    }

    public BenchPlan Plan { get; }

    public GpuRayRuntime Ray { get; }

    /// <summary>CPU slots of the node.</summary>
    public int Cores { get; }

    /// <summary>The device GPU variants run on, or null when GPU variants are off or there is no device.</summary>
    public DeviceSummary? Device { get; }

    /// <summary>Where library warnings go (e.g. the CUDA provider falling back to CPU); shown as notes.</summary>
    public ILogger Logger { get; }

    public bool HasGpu => Device is not null;

    public bool HasRealGpu => Device is { IsFallback: false };

    /// <summary>The label of the CPU rows, e.g. "CPU x2".</summary>
    public string CpuLabel => $"CPU x{Cores}";

    /// <summary>Runs one phase and returns its result and its wall time in seconds.</summary>
    public static (T Result, double Seconds) Time<T>(IWorkloadProgress progress, string phase, Func<T> run)
    {
        progress.BeginPhase(phase);
        long start = Stopwatch.GetTimestamp();
        T result = run();
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        progress.EndPhase(elapsed);
        return (result, elapsed.TotalSeconds);
    }

    /// <summary>The device kind name the inventory uses for <see cref="GpuDeviceKind.Cuda"/>.</summary>
    public bool IsCuda => Device is { IsFallback: false, Kind: nameof(GpuDeviceKind.Cuda) };
}
