namespace GpuRay.Errors;

/// <summary>The task was cancelled (directly, through a cancelled parent, or through a cancelled dependency).</summary>
public sealed class TaskCancelledException : GpuRayException
{
    /// <summary>Creates the error for a cancelled task.</summary>
    public TaskCancelledException(string taskName, long taskId)
        : base($"Task '{taskName}' (id {taskId}) was cancelled, so it has no result. Submit it again to get one.")
    {
        TaskName = taskName;
        TaskId = taskId;
    }

    /// <summary>The cancelled task's name.</summary>
    public string TaskName { get; }

    /// <summary>The cancelled task's id.</summary>
    public long TaskId { get; }
}
