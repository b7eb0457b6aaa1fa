using GpuRay.Errors;

namespace GpuRay.Gpu;

/// <summary>
/// A GPU task was placed on a device that this process can no longer use: an earlier kernel hit a CUDA error that
/// CUDA makes permanent for the whole process (an illegal address, say). The message names the device and the fault.
/// </summary>
/// <remarks>
/// CUDA documents these errors as leaving the process in an inconsistent state, with every later CUDA call returning
/// the same error, until the process ends: a new accelerator on the same device fails too. Tasks on other devices and
/// CPU tasks are unaffected. The node takes the device out of service when it is lost, so this error only reaches a
/// task that was placed on the device just before: it is a system failure, retried (MaxRetries) on another device.
/// When no other device can take the task, it fails with an <see cref="InfeasibleTaskException"/> naming the loss.
/// </remarks>
public sealed class GpuDeviceLostException : GpuRayException
{
    /// <summary>Creates the error for a lost device.</summary>
    /// <param name="device">The device that is lost.</param>
    /// <param name="cause">The fault that lost it: the kernel, its task and the CUDA error.</param>
    public GpuDeviceLostException(GpuDeviceInfo device, string cause)
        : base(
            $"GPU {device?.Index} ({device?.Name}) is lost to this process: {cause}. CUDA makes that error permanent for "
            + "the process, so no later task can use this GPU until the process restarts; CPU tasks and other GPUs are unaffected.")
    {
        ArgumentNullException.ThrowIfNull(device);
        Device = device;
        Cause = cause;
    }

    /// <summary>The device that is lost.</summary>
    public GpuDeviceInfo Device { get; }

    /// <summary>The fault that lost it.</summary>
    public string Cause { get; }
}
