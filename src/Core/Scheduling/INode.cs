namespace GpuRay.Scheduling;

/// <summary>
/// The scheduler's one way to its execution node. The local node runs tasks on the thread pool; a cluster backend
/// (Orleans silos) plugs in here, behind the same ledger decisions.
/// </summary>
internal interface INode
{
    /// <summary>Starts a task that already holds its resources; the task's state is Dispatched.</summary>
    void Dispatch(TaskRecord task);
}
