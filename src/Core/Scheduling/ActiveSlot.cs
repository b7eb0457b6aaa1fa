namespace GpuRay.Scheduling;

/// <summary>
/// One hold on the node's resources, in the scheduler's list of holders, and the task that holds it now. A worker
/// that hands its CPU from a finished task to the next queued task of the same shape moves the slot along with it,
/// without the scheduler's lock.
/// </summary>
internal sealed class ActiveSlot
{
    private TaskRecord? _task;

    /// <summary>The holder; written by the worker that owns the slot, read under the lock at shutdown.</summary>
    public TaskRecord? Task
    {
        get => Volatile.Read(ref _task);
        set
        {
            Volatile.Write(ref _task, value);
            PoolItem = null;
        }
    }

    /// <summary>The thread-pool item that carries the holder to a thread, when the node queued one for it.</summary>
    public PoolWorkItem? PoolItem { get; set; }

    /// <summary>When the holder's current attempt started (raw clock ticks), written as it starts; for the state API.</summary>
    public long StartedTicks { get; set; }

    /// <summary>The neighbours in the scheduler's list (guarded by its lock).</summary>
    public ActiveSlot? Previous { get; set; }

    /// <inheritdoc cref="Previous"/>
    public ActiveSlot? Next { get; set; }
}
