namespace GpuRay.Cli.Bench;

/// <summary>The outcome of a whole bench run.</summary>
internal sealed record BenchReport
{
    public required BenchPlan Plan { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required double TotalSeconds { get; init; }

    /// <summary>CPU slots of the node.</summary>
    public required int Cores { get; init; }

    /// <summary>The GPU device the GPU variants ran on, or null when there was none or GPUs were off.</summary>
    public required DeviceSummary? Device { get; init; }

    public required IReadOnlyList<WorkloadReport> Workloads { get; init; }

    public bool Succeeded => Workloads.All(w => w.Succeeded);
}
