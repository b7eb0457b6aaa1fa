namespace GpuRay.Scheduling;

/// <summary>Runs tasks in this process, on the .NET thread pool.</summary>
/// <remarks>
/// <para>
/// A task goes to the pool in a small work item (<see cref="PoolWorkItem"/>) that lets go of it once it has run, or
/// once a Get has run the task inline first: a task is its result's ref, and a queued or idle item must not keep a
/// result reachable. Tasks that a worker hands on in its lane never go through the pool.
/// </para>
/// <para>
/// A task blocked in Get holds its pool thread while its CPU runs other tasks. The pool adds threads for such
/// waits only slowly (measured: 150 parents that each wait on 8 children of 1 ms took 35 s on 2 cores, against
/// 0.6 s of work), so each blocked task raises the pool's minimum by one for as long as it waits: below its
/// minimum the pool creates threads as work arrives, without delay.
/// </para>
/// </remarks>
internal sealed class LocalNode : INode
{
    public void Dispatch(TaskRecord task)
    {
        var item = new PoolWorkItem(task);
        if (task.Slot is { } slot && ReferenceEquals(slot.Task, task))
        {
            slot.PoolItem = item;

            // A Get that took the task inline, or a cancel, before the item was recorded could not withdraw it: each
            // swaps the state and then reads the item, this writes the item and then reads the state, so one of the
            // two sees the other. Such an item is not queued, and keeps nothing. (A slot already handed to another
            // task is left alone.)
            Interlocked.MemoryBarrier();
            if (task.TaskState != TaskState.Dispatched)
            {
                item.Withdraw(task);
                return;
            }
        }

        ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false);
    }

    public void TaskBlocking()
    {
        if (Thread.CurrentThread.IsThreadPoolThread)
        {
            BlockedPoolThreads.Enter();
        }
    }

    public void TaskUnblocked()
    {
        if (Thread.CurrentThread.IsThreadPoolThread)
        {
            BlockedPoolThreads.Exit();
        }
    }
}
