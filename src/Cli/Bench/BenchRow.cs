namespace GpuRay.Cli.Bench;

/// <summary>One serial-vs-parallel comparison (or one GPU run) of a workload at one size.</summary>
internal sealed record BenchRow
{
    /// <summary>What was run, e.g. "2 x 100,000" or "batch 4".</summary>
    public required string Label { get; init; }

    /// <summary>"cpu" or "gpu".</summary>
    public required string Variant { get; init; }

    /// <summary>Where it ran, e.g. "CPU x2" or "CPU accelerator (fallback)".</summary>
    public required string Device { get; init; }

    /// <summary>Tasks (or items) in the run.</summary>
    public required int Items { get; init; }

    /// <summary>The work done, in the workload's unit without "/s" (numbers, samples, MP, rows).</summary>
    public required double Work { get; init; }

    /// <summary>Cores the parallel run could use: at most one per task.</summary>
    public required int CoresUsed { get; init; }

    /// <summary>
    /// How much longer each parallel task ran (by the timeline) than one item of the serial run: above 1 when the cores
    /// slow each other down (memory, caches), whatever the scheduler does. Efficiency cannot exceed its inverse.
    /// </summary>
    public double? TaskSlowdown { get; init; }

    /// <summary>How many rounds the times are the median of.</summary>
    public int Rounds { get; init; } = 1;

    public double? SerialSeconds { get; init; }

    public double? ParallelSeconds { get; init; }

    /// <summary>The result as people read it, e.g. "3.14159 ± 0.00052".</summary>
    public required string Result { get; init; }

    /// <summary>The result as numbers, for JSON.</summary>
    public IReadOnlyDictionary<string, object?> Details { get; init; } = new Dictionary<string, object?>();

    /// <summary>For a GPU row: the serial CPU seconds of the same work, which its speedup is measured against.</summary>
    public double? BaselineSeconds { get; init; }

    public double? Speedup => Variant == "gpu"
        ? Ratio(BaselineSeconds, ParallelSeconds)
        : Ratio(SerialSeconds, ParallelSeconds);

    /// <summary>Speedup divided by the cores used (1.0 is perfect scaling); none for GPU rows.</summary>
    public double? Efficiency => Variant == "gpu" || Speedup is not double s ? null : s / Math.Max(1, CoresUsed);

    public double? SerialThroughput => Throughput(SerialSeconds);

    public double? ParallelThroughput => Throughput(ParallelSeconds);

    /// <summary>Rows of several rounds merged: one per label and variant, in first-seen order, with the median times.</summary>
    public static IEnumerable<BenchRow> Medians(IEnumerable<BenchRow> rows) =>
        rows.GroupBy(r => (r.Label, r.Variant, r.Device)).Select(g => g.Count() == 1 ? g.First() : g.First() with
        {
            SerialSeconds = Median(g.Select(r => r.SerialSeconds)),
            ParallelSeconds = Median(g.Select(r => r.ParallelSeconds)),
            BaselineSeconds = Median(g.Select(r => r.BaselineSeconds)),
            TaskSlowdown = Median(g.Select(r => r.TaskSlowdown)),
            Rounds = g.Count(),
        });

    private static double? Median(IEnumerable<double?> values)
    {
        double[] sorted = [.. values.OfType<double>().Order()];
        return sorted.Length == 0 ? null
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private double? Throughput(double? seconds) => seconds is double s && s > 0 ? Work / s : null;

    private static double? Ratio(double? numerator, double? denominator) =>
        numerator is double n && denominator is double d && d > 0 ? n / d : null;
}
