namespace GpuRay.Scheduling;

/// <summary>Carries a dispatched task to a pool thread, and lets go of it once it has run or been run elsewhere.</summary>
internal sealed class PoolWorkItem(TaskRecord task) : IThreadPoolWorkItem
{
    private TaskRecord? _task = task;

    /// <summary>
    /// Drops <paramref name="task"/>: a Get ran it inline, so the item, still queued, must not keep its result
    /// reachable. An item that carries another task (a slot seen late, after it moved on) is left as it is.
    /// </summary>
    public void Withdraw(TaskRecord task) => Interlocked.CompareExchange(ref _task, null, task);

    public void Execute()
    {
        if (Interlocked.Exchange(ref _task, null) is { } task)
        {
            task.Scheduler.RunDispatched(task);
        }
    }
}
