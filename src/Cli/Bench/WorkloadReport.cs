namespace GpuRay.Cli.Bench;

/// <summary>Everything one workload of a bench run produced: its rows, notes and errors.</summary>
internal sealed class WorkloadReport
{
    public WorkloadReport(string name, string title, string unit)
    {
        Name = name;
        Title = title;
        Unit = unit;
    }

    /// <summary>The command-line name: fib, pi, images or inference.</summary>
    public string Name { get; }

    public string Title { get; }

    /// <summary>The throughput unit, e.g. "samples/s".</summary>
    public string Unit { get; }

    public List<BenchRow> Rows { get; } = [];

    /// <summary>Facts worth a line under the table (data reused, sizes reduced for the CPU fallback, ...).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Failures: a whole workload, or single items (a file, a shard), each naming what failed.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>The exceptions behind <see cref="Errors"/>, shown with --verbose.</summary>
    public List<Exception> Exceptions { get; } = [];

    public bool Succeeded => Errors.Count == 0;

    public void Fail(string message, Exception? exception = null)
    {
        Errors.Add(message.ReplaceLineEndings(" "));
        if (exception is not null)
        {
            Exceptions.Add(exception);
        }
    }
}
