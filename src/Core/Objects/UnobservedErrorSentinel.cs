using GpuRay.Errors;

using Microsoft.Extensions.Logging;

namespace GpuRay.Objects;

/// <summary>
/// Held only by a failed ref. When the ref becomes unreachable without its error ever being read, the
/// finalizer logs the error once, as Ray does for unhandled task errors. Only failed refs carry one.
/// </summary>
internal sealed class UnobservedErrorSentinel(Exception error, ILogger logger)
{
    public volatile bool Observed;

    /// <summary>The error it logs unless someone reads it first.</summary>
    public Exception Error => error;

    ~UnobservedErrorSentinel()
    {
        if (Observed)
        {
            return;
        }

        try
        {
            string task = error is TaskFailedException f ? $"'{f.TaskName}' (id {f.TaskId})" : "a task";
            logger.LogError(error, "Unhandled error: {Task} failed and its result was never read: {Message}", task, error.Message);
        }
        catch (ObjectDisposedException)
        {
            // The logger went away with its runtime; nothing more can be said.
        }
    }
}
