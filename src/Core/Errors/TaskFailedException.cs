namespace GpuRay.Errors;

/// <summary>
/// A task threw (after its retries). The task's own exception, with its type and stack, is the
/// <see cref="Exception.InnerException"/>. Tasks that depend on a failed task fail with the same error.
/// </summary>
public sealed class TaskFailedException : GpuRayException
{
    /// <summary>Creates the error for a task's failure.</summary>
    public TaskFailedException(string taskName, long taskId, Exception innerException)
        : base(
            $"Task '{taskName}' (id {taskId}) failed: {innerException?.GetType().FullName}: {innerException?.Message}",
            innerException)
    {
        TaskName = taskName;
        TaskId = taskId;
    }

    /// <summary>The failed task's name.</summary>
    public string TaskName { get; }

    /// <summary>The failed task's id.</summary>
    public long TaskId { get; }
}
