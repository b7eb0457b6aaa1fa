using ILGPU;

namespace GpuRay.Gpu;

/// <summary>Lists the GPU devices a node would offer, without starting one (what <c>gpuray devices</c> prints).</summary>
public static class GpuInventory
{
    /// <summary>Discovers the devices through ILGPU (CUDA, OpenCL and the CPU).</summary>
    /// <param name="options">The selection and fallback settings; null for the defaults.</param>
    /// <returns>The devices in GPU-id order: real GPUs, or one <see cref="GpuDeviceKind.CpuFallback"/> entry, or none when the fallback is off.</returns>
    /// <exception cref="ArgumentException">The device selection is not one of auto, cuda, opencl, cpu.</exception>
    /// <exception cref="Errors.GpuRayException">A forced kind has no device.</exception>
    /// <remarks>Creates and disposes its own ILGPU context; it touches no running node.</remarks>
    public static IReadOnlyList<GpuDeviceInfo> Discover(GpuOptions? options = null)
    {
        options ??= new GpuOptions();
        DeviceSelection selection = DeviceSelections.Resolve(options);
        using Context context = DeviceDiscovery.CreateContext(selection);
        return [.. DeviceDiscovery.Discover(context, selection, options).Select(d => d.Info)];
    }
}
