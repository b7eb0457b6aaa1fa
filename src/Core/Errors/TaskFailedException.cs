namespace GpuRay.Errors;

/// <summary>
/// A task threw (after its retries), or one of its ref arguments failed so that it could not run. The task's own
/// exception, with its type and stack, is the <see cref="Exception.InnerException"/>; for a failed argument the inner
/// exception is the failure of the task at the head of the chain (the one that threw), whose own inner exception is
/// the original (see <see cref="Exception.GetBaseException"/>).
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

    /// <summary>Creates the error for a task that did not run because its argument at <paramref name="argumentPosition"/> failed.</summary>
    /// <param name="taskName">The task that did not run.</param>
    /// <param name="taskId">Its id.</param>
    /// <param name="argumentPosition">The failed argument's position, 1 for the first (0 when it is not known).</param>
    /// <param name="upstreamTaskName">The task that made the argument.</param>
    /// <param name="upstreamTaskId">Its id (the argument ref's id).</param>
    /// <param name="upstream">The root failure: that of the task at the head of the chain, which threw.</param>
    public TaskFailedException(string taskName, long taskId, int argumentPosition, string upstreamTaskName, long upstreamTaskId, Exception upstream)
        : base(
            $"Task '{taskName}' (id {taskId}) did not run: its argument {(argumentPosition > 0 ? argumentPosition.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " : string.Empty)}"
            + $"is the result of task '{upstreamTaskName}' (id {upstreamTaskId}), which failed. {upstream?.Message}",
            upstream)
    {
        TaskName = taskName;
        TaskId = taskId;
        ArgumentPosition = argumentPosition;
        UpstreamTaskName = upstreamTaskName;
        UpstreamTaskId = upstreamTaskId;
    }

    /// <summary>The failed task's name.</summary>
    public string TaskName { get; }

    /// <summary>The failed task's id.</summary>
    public long TaskId { get; }

    /// <summary>For a task whose argument failed: that argument's position, 1 for the first; otherwise null.</summary>
    public int? ArgumentPosition { get; }

    /// <summary>For a task whose argument failed: the name of the task that made that argument; otherwise null.</summary>
    public string? UpstreamTaskName { get; }

    /// <summary>For a task whose argument failed: the id of the task that made that argument; otherwise null.</summary>
    public long? UpstreamTaskId { get; }
}
