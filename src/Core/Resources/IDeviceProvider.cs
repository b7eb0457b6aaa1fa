using GpuRay.Scheduling;

namespace GpuRay.Resources;

/// <summary>
/// The seam through which a device library (GpuRay.Gpu) adds GPU slots and GPU memory to a node and binds a
/// device to each task that was given one.
/// </summary>
public interface IDeviceProvider : IDisposable
{
    /// <summary>The devices to offer as GPU slots, indexed 0..n-1.</summary>
    IReadOnlyList<DeviceSlot> Devices { get; }

    /// <summary>
    /// Called on the thread that runs a task assigned to one or more devices, before the task body. The returned
    /// scope is stored in <see cref="TaskContext.DeviceScope"/> and disposed when the attempt ends, even when it
    /// throws. Exceptions thrown here count as system failures and are retried up to MaxRetries.
    /// </summary>
    IDisposable? EnterTask(TaskContext context);
}
