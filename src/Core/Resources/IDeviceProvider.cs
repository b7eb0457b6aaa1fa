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

    /// <summary>
    /// Raised once per device when it can no longer run anything in this process (a fault the driver makes
    /// permanent). The scheduler then places no task on it and leaves it out of the totals; under
    /// <see cref="Runtime.InfeasibleTaskPolicy.Fail"/> it also fails the queued tasks that no other device can take
    /// (under Queue they keep waiting). Providers whose devices cannot be lost need not raise it.
    /// </summary>
    event EventHandler<DeviceLostEventArgs>? DeviceLost
    {
        add
        {
        }

        remove
        {
        }
    }
}

/// <summary>Which device was lost, and why.</summary>
/// <param name="index">The device's GPU id.</param>
/// <param name="cause">What happened, in words (it is quoted in the errors of tasks that can no longer run).</param>
public sealed class DeviceLostEventArgs(int index, string cause) : EventArgs
{
    /// <summary>The device's GPU id.</summary>
    public int Index { get; } = index;

    /// <summary>What happened.</summary>
    public string Cause { get; } = cause;
}
