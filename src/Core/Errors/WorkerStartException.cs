namespace GpuRay.Errors;

/// <summary>
/// A worker process for a task with <see cref="Options.TaskIsolation.Process"/> could not be started, or did not
/// report ready in time. A system failure: the task is retried up to its MaxRetries (a start that cannot work, such
/// as in an application with startup hooks turned off, fails at once each time). The message says what it was.
/// </summary>
public sealed class WorkerStartException : GpuRayException
{
    /// <summary>Creates the error.</summary>
    public WorkerStartException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
