using GpuRay.Objects;
using GpuRay.Runtime;
using GpuRay.Scheduling;

namespace GpuRay;

public sealed partial class GpuRayRuntime
{
    /// <summary>The node's totals: CPU, GPU and GpuMemory (when it has devices), and custom resources.</summary>
    public IReadOnlyDictionary<string, double> ClusterResources() => Scheduler.Totals();

    /// <summary>What is free now. A resource with nothing free is left out, as in Ray's <c>available_resources()</c>.</summary>
    /// <remarks>
    /// Read <see cref="ClusterResources"/> for the names of all resources. CPU counts as fully in use (left out) also
    /// in the moment it dips below zero while a task that was blocked in Get takes its CPU back.
    /// </remarks>
    public IReadOnlyDictionary<string, double> AvailableResources()
    {
        Dictionary<string, double> available = Scheduler.Available();
        foreach ((string name, double amount) in available)
        {
            if (amount <= 0)
            {
                available.Remove(name);
            }
        }

        return available;
    }

    /// <summary>Per GPU id: the free fraction of its slot and its free memory in bytes.</summary>
    public IReadOnlyList<(double SlotFree, long MemoryFree)> DeviceAvailability() => Scheduler.DeviceAvailability();

    /// <summary>The object store's use and limit.</summary>
    public ObjectStoreStats ObjectStore => new(Store.UsedBytes, Store.ObjectCount, Store.LimitBytes);

    /// <summary>How many tasks hold resources now, and how many ended each way.</summary>
    public TaskCounts TaskCounts
    {
        get
        {
            (long active, long finished, long failed, long cancelled) = Scheduler.Counts();
            return new TaskCounts(active, finished, failed, cancelled);
        }
    }

    /// <summary>The state of the task behind a ref (a Put object reads as Finished).</summary>
    public static TaskState GetTaskState(ObjectRef reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Producer is { } task)
        {
            return task.TaskState;
        }

        return reference.State switch
        {
            ObjectState.Ready => TaskState.Finished,
            ObjectState.Failed when reference.Error is Errors.TaskCancelledException => TaskState.Cancelled,
            ObjectState.Failed => TaskState.Failed,
            _ => TaskState.Running,
        };
    }
}
