using GpuRay.Objects;

namespace GpuRay.Scheduling;

internal sealed partial class Scheduler
{
    /// <summary>Whether a failed ref whose error nobody read logs it when it is collected (<see cref="Runtime.RuntimeOptions.ReportUnhandledErrors"/>).</summary>
    internal bool ReportsUnhandledErrors { get; init; } = true;

    /// <summary>The tasks that hold resources now, as "'name' (id N)", for the log of a shutdown that gave up waiting.</summary>
    public List<string> DescribeActive()
    {
        lock (_lock)
        {
            return [.. ActiveTasks().Select(t => $"'{t.Name}' (id {t.Id})")];
        }
    }

    /// <summary>The sentinel that reports a failure nobody read, or null when that report is off (the ref then carries the bare error).</summary>
    private UnobservedErrorSentinel? Sentinel(Exception failure) => ReportsUnhandledErrors ? new UnobservedErrorSentinel(failure, _logger) : null;
}
