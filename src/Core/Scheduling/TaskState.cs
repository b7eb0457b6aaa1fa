namespace GpuRay.Scheduling;

/// <summary>Where a task is in its life.</summary>
public enum TaskState
{
    /// <summary>Waiting for the refs it was given to be ready.</summary>
    WaitingForDependencies = 0,

    /// <summary>Ready, and waiting in its shape's queue for resources.</summary>
    Queued = 1,

    /// <summary>Holds its resources and is handed to its node.</summary>
    Dispatched = 2,

    /// <summary>Its body is running.</summary>
    Running = 3,

    /// <summary>It returned a value.</summary>
    Finished = 4,

    /// <summary>It threw (after its retries), or a dependency failed.</summary>
    Failed = 5,

    /// <summary>It was cancelled.</summary>
    Cancelled = 6,
}
