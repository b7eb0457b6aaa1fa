namespace GpuRay.Scheduling;

/// <summary>Carries a dispatched task to a pool thread, and lets go of it once it has run or been run elsewhere.</summary>
internal sealed class PoolWorkItem(TaskRecord task) : IThreadPoolWorkItem
{
    private TaskRecord? _task = task;

    /// <summary>Drops the task: a Get ran it inline, so the item, still queued, must not keep its result reachable.</summary>
    public void Withdraw() => Volatile.Write(ref _task, null);

    public void Execute()
    {
        if (Interlocked.Exchange(ref _task, null) is { } task)
        {
            task.Scheduler.RunDispatched(task);
        }
    }
}
