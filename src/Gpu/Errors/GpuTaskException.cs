using GpuRay.Errors;

namespace GpuRay.Gpu;

/// <summary>
/// A GPU operation of a task failed: a kernel launch or synchronisation, a kernel compilation, or an allocation
/// (including one beyond the task's GPU memory budget). The message names the device and, for kernels, the kernel.
/// </summary>
/// <remarks>
/// The task fails with it (as the inner exception of a task-failure error). After most kernel faults the device
/// stays usable: its owner gives later tasks a fresh accelerator. After a CUDA error that CUDA makes permanent for the
/// process (an illegal address, say), the device is lost: the node takes it out of service (see
/// <see cref="GpuDeviceLostException"/>).
/// </remarks>
public sealed class GpuTaskException : GpuRayException
{
    /// <summary>Creates the error for an operation on a device.</summary>
    /// <param name="message">What failed and what to do about it.</param>
    /// <param name="device">The device it failed on.</param>
    /// <param name="kernelName">The kernel, when a kernel failed; otherwise null.</param>
    /// <param name="innerException">The ILGPU or driver error, if any.</param>
    public GpuTaskException(string message, GpuDeviceInfo device, string? kernelName, Exception? innerException)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(device);
        Device = device;
        KernelName = kernelName;
    }

    /// <summary>The device the operation failed on.</summary>
    public GpuDeviceInfo Device { get; }

    /// <summary>The kernel that failed (<c>Type.Method</c>), or null for allocations.</summary>
    public string? KernelName { get; }
}
