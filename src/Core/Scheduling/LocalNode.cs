namespace GpuRay.Scheduling;

/// <summary>Runs tasks in this process, on the .NET thread pool.</summary>
internal sealed class LocalNode : INode
{
    public void Dispatch(TaskRecord task) => ThreadPool.UnsafeQueueUserWorkItem(task, preferLocal: false);
}
