namespace GpuRay.Cli.Bench;

/// <summary>One workload of <c>gpuray bench</c>.</summary>
internal interface IBenchWorkload
{
    /// <summary>The command-line name: fib, pi, images or inference.</summary>
    string Name { get; }

    string Title { get; }

    /// <summary>The throughput unit, e.g. "samples/s".</summary>
    string Unit { get; }

    /// <summary>The items all phases will finish together, for the progress bar.</summary>
    int CountItems(BenchContext context);

    /// <summary>Runs the workload and fills <paramref name="report"/>; per-item failures go to its errors.</summary>
    void Run(BenchContext context, WorkloadReport report, IWorkloadProgress progress);
}
