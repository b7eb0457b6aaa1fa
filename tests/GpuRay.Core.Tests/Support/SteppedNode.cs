using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

using GpuRay.Objects;
using GpuRay.Scheduling;

namespace GpuRay.Core.Tests.Support;

/// <summary>
/// A node that runs dispatched tasks only when the test says so, on the test's thread. A test that checks what stays
/// reachable after a task ran needs this: a pool thread that has just published a result may still hold the task in
/// its frames (unoptimised code keeps locals alive to the end of the method) when the test's collection runs.
/// </summary>
internal sealed class SteppedNode : INode
{
    private readonly ConcurrentQueue<PoolWorkItem> _dispatched = new();

    /// <summary>How many dispatched tasks wait for <see cref="RunNext"/> (some may have run inline since).</summary>
    public int Waiting => _dispatched.Count;

    public void Dispatch(ObjectRef task)
    {
        var item = new PoolWorkItem(task);
        if (task.Slot is { } slot)
        {
            slot.PoolItem = item;
        }

        _dispatched.Enqueue(item);
    }

    public void TaskBlocking()
    {
    }

    public void TaskUnblocked()
    {
    }

    /// <summary>
    /// Runs the oldest dispatched task here, with what its end hands on in its lane; false when none waits. The
    /// task is gone from this thread's frames when this returns.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool RunNext()
    {
        if (!_dispatched.TryDequeue(out PoolWorkItem? item))
        {
            return false;
        }

        item.Execute();
        return true;
    }
}
