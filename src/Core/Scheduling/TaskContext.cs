using GpuRay.Resources;

namespace GpuRay.Scheduling;

/// <summary>What a running task knows about itself: <see cref="Current"/> inside a task body, null elsewhere.</summary>
public sealed class TaskContext
{
    private readonly TaskRecord _task;

    internal TaskContext(TaskRecord task, IReadOnlyDictionary<string, double> assigned, IReadOnlyList<DeviceSlot> devices)
    {
        _task = task;
        AssignedResources = assigned;
        Devices = devices;
        GpuIds = [.. devices.Select(d => d.Index)];
    }

    /// <summary>The context of the task running on this thread, or null outside a task.</summary>
    public static TaskContext? Current => TaskRecord.Current?.Context;

    /// <summary>The task's id (its result ref has the same id).</summary>
    public long TaskId => _task.Id;

    /// <summary>The task's name.</summary>
    public string Name => _task.Name;

    /// <summary>The attempt number, 1 for the first run.</summary>
    public int Attempt => _task.Attempt;

    /// <summary>The resources the task holds, by name (CPU, GPU, GpuMemory, custom).</summary>
    public IReadOnlyDictionary<string, double> AssignedResources { get; }

    /// <summary>The ids of the GPUs assigned to the task; empty for CPU tasks.</summary>
    public IReadOnlyList<int> GpuIds { get; }

    /// <summary>The devices assigned to the task, in <see cref="GpuIds"/> order.</summary>
    public IReadOnlyList<DeviceSlot> Devices { get; }

    /// <summary>Signalled when the task is cancelled; long-running bodies should observe it.</summary>
    public CancellationToken CancellationToken => _task.CancellationToken;

    /// <summary>
    /// Takes device memory for this task's allocations when it reserved none (GpuRay.Gpu's allocation helpers call
    /// it), so that the scheduler does not offer that memory to GpuMemory requests meanwhile.
    /// </summary>
    internal bool TryTakeDeviceMemory(int gpuId, long bytes, out long free) => _task.Scheduler.TryTakeDeviceMemory(gpuId, bytes, out free);

    /// <summary>Gives back what <see cref="TryTakeDeviceMemory"/> took.</summary>
    internal void ReturnDeviceMemory(int gpuId, long bytes) => _task.Scheduler.ReturnDeviceMemory(gpuId, bytes);

    /// <summary>The device memory that neither GpuMemory requests nor other tasks' allocations hold.</summary>
    internal long DeviceMemoryFree(int gpuId) => _task.Scheduler.DeviceAvailability()[gpuId].MemoryFree;

    /// <summary>The device provider's per-task state (for GpuRay.Gpu: the accelerator binding), or null.</summary>
    public object? DeviceScope { get; internal set; }
}
