using GpuRay.Runtime;

namespace GpuRay.Gpu;

/// <summary>Turns GPUs on for a node.</summary>
public static class GpuRuntimeOptionsExtensions
{
    /// <summary>
    /// Returns a copy of <paramref name="options"/> whose node offers its GPUs (or the CPU fallback) as GPU slots,
    /// with their memory as GpuMemory, and gives GPU tasks a <see cref="GpuContext"/>.
    /// </summary>
    /// <param name="options">The node's options; not changed.</param>
    /// <param name="gpuOptions">Device selection and fallback; null for the defaults.</param>
    /// <returns>The options with <see cref="RuntimeOptions.DeviceProvider"/> set.</returns>
    /// <exception cref="ArgumentException"><see cref="GpuOptions.Device"/> is not one of auto, cuda, opencl, cpu.</exception>
    /// <remarks>
    /// Devices are discovered when the runtime starts (so that is where the environment variable is read and where a
    /// forced kind without devices fails). The runtime owns the ILGPU context and accelerators and disposes them with itself.
    /// </remarks>
    public static RuntimeOptions UseGpus(this RuntimeOptions options, GpuOptions? gpuOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        GpuOptions resolved = gpuOptions ?? new GpuOptions();
        if (resolved.Device is not null)
        {
            _ = DeviceSelections.Resolve(resolved.Device, environment: null);
        }

        return options with { DeviceProvider = loggers => new GpuDeviceProvider(resolved, loggers) };
    }
}
