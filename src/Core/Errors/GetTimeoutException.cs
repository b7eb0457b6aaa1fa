namespace GpuRay.Errors;

/// <summary>A Get did not see all of its refs finish within its timeout. The tasks keep running.</summary>
/// <remarks>
/// A <see cref="TimeoutException"/>, so that <c>catch (TimeoutException)</c> works as for any .NET wait, and an
/// <see cref="IGpuRayError"/>; it is not a <see cref="GpuRayException"/> (a class has one base).
/// </remarks>
public sealed class GetTimeoutException : TimeoutException, IGpuRayError
{
    /// <summary>Creates the error, naming the tasks still pending.</summary>
    public GetTimeoutException(TimeSpan timeout, IReadOnlyList<string> pendingTasks)
        : base(
            $"Get timed out after {timeout.TotalSeconds:0.###} s with {pendingTasks?.Count} object(s) still pending: "
            + $"{string.Join(", ", pendingTasks?.Take(10) ?? [])}{(pendingTasks?.Count > 10 ? ", ..." : "")}. "
            + "The tasks keep running: call Get again with a longer timeout, or use Wait to take the finished ones first.")
    {
        Timeout = timeout;
        PendingTasks = pendingTasks ?? [];
    }

    /// <summary>The timeout that passed.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The pending objects, as "'name' (id N, State)".</summary>
    public IReadOnlyList<string> PendingTasks { get; }
}
