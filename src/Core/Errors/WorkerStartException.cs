namespace GpuRay.Errors;

/// <summary>
/// A worker process for a task with <see cref="Options.TaskIsolation.Process"/> could not be started. Another attempt
/// would meet the same cause, so the task is not retried; the message and the inner exception say what it was.
/// </summary>
public sealed class WorkerStartException : GpuRayException, IPermanentFailure
{
    /// <summary>Creates the error.</summary>
    public WorkerStartException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
