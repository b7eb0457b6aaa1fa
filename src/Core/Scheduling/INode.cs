namespace GpuRay.Scheduling;

/// <summary>
/// The scheduler's one way to its execution node. The local node runs tasks on the thread pool; a cluster backend
/// (Orleans silos) plugs in here, behind the same ledger decisions.
/// </summary>
internal interface INode
{
    /// <summary>Starts a task that already holds its resources; the task's state is Dispatched.</summary>
    void Dispatch(TaskRecord task);

    /// <summary>
    /// A running task is about to block in Get or Wait with its CPU lent out: the node must still be able to run
    /// the tasks that CPU now goes to (Ray starts another worker). Paired with <see cref="TaskUnblocked"/>.
    /// </summary>
    void TaskBlocking();

    /// <summary>The task that called <see cref="TaskBlocking"/> is running again.</summary>
    void TaskUnblocked();
}
