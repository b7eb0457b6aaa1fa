namespace GpuRay.Errors;

/// <summary>
/// The object was freed with <see cref="GpuRayRuntime.Free(IEnumerable{Objects.ObjectRef})"/>
/// before it was read, as Ray's <c>ObjectFreedError</c>. Another attempt cannot bring it back, so a task that fails
/// with it is not retried.
/// </summary>
public sealed class ObjectFreedException : GpuRayException, IPermanentFailure
{
    /// <summary>Creates the error for a freed object.</summary>
    /// <param name="objectId">The object's id.</param>
    /// <param name="taskName">The name of the task that made it; null for a Put.</param>
    public ObjectFreedException(long objectId, string? taskName)
        : base(taskName is null
            ? $"Object {objectId} (a Put) was freed with Free, so its value is gone. Free an object only once nothing will read it again."
            : $"Object {objectId} (the result of task '{taskName}', id {objectId}) was freed with Free, so its value is gone. Free an object only once nothing will read it again.")
    {
        ObjectId = objectId;
        TaskName = taskName;
    }

    /// <summary>The freed object's id.</summary>
    public long ObjectId { get; }

    /// <summary>The name of the task that made the object; null for a Put.</summary>
    public string? TaskName { get; }
}
