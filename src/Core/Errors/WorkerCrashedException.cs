namespace GpuRay.Errors;

/// <summary>
/// The worker process running a task (with <see cref="Options.TaskIsolation.Process"/>) exited during the call: a
/// crash of the task's code (a stack overflow, a native fault, an exit) or a kill from outside. This is a system
/// failure: the task is retried in a fresh worker up to its MaxRetries, and other tasks are not affected.
/// </summary>
public sealed class WorkerCrashedException : GpuRayException
{
    /// <summary>Creates the error.</summary>
    public WorkerCrashedException(string message)
        : base(message)
    {
    }
}
