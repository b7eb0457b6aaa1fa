namespace GpuRay.Errors;

/// <summary>
/// The worker process running a task (with <see cref="Options.TaskIsolation.Process"/>) failed during the call: a
/// crash of the task's code (a stack overflow, a native fault, an exit), a kill from outside, or a pipe that went out
/// of step. This is a system failure: the task is retried in a fresh worker up to its MaxRetries, and other tasks are
/// not affected.
/// </summary>
public sealed class WorkerCrashedException : GpuRayException
{
    /// <summary>Creates the error.</summary>
    public WorkerCrashedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
