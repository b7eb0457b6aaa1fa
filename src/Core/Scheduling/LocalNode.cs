namespace GpuRay.Scheduling;

/// <summary>Runs tasks in this process, on the .NET thread pool.</summary>
/// <remarks>
/// A task blocked in Get holds its pool thread while its CPU runs other tasks. The pool adds threads for such
/// waits only slowly (measured: 150 parents that each wait on 8 children of 1 ms took 35 s on 2 cores, against
/// 0.6 s of work), so each blocked task raises the pool's minimum by one for as long as it waits: below its
/// minimum the pool creates threads as work arrives, without delay.
/// </remarks>
internal sealed class LocalNode : INode
{
    public void Dispatch(TaskRecord task) => ThreadPool.UnsafeQueueUserWorkItem(task, preferLocal: false);

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
