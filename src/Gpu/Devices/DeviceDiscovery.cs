using GpuRay.Errors;

using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace GpuRay.Gpu;

/// <summary>Finds the devices a node offers, in the order auto prefers: CUDA, then OpenCL GPUs, then the CPU fallback.</summary>
internal static class DeviceDiscovery
{
    /// <summary>The fallback's default memory when <see cref="GpuOptions.FallbackMemoryBytes"/> is null: at most this much.</summary>
    public const long DefaultFallbackMemoryCap = 2L << 30;

    /// <summary>Creates the ILGPU context with the backends the selection may use (and the CPU, for the fallback).</summary>
    public static Context CreateContext(DeviceSelection selection) => Context.Create(builder =>
    {
        if (selection is DeviceSelection.Auto or DeviceSelection.Cuda)
        {
            builder.Cuda();
        }

        if (selection is DeviceSelection.Auto or DeviceSelection.OpenCL)
        {
            builder.OpenCL();
        }

        builder.CPU(CPUDeviceKind.Default).EnableAlgorithms();
    });

    /// <summary>Lists the devices to offer.</summary>
    /// <exception cref="GpuRayException">A forced kind has no device, or the CPU is forced with the fallback off.</exception>
    public static IReadOnlyList<DiscoveredDevice> Discover(Context context, DeviceSelection selection, GpuOptions options)
    {
        long fallbackMemory = FallbackMemory(options);
        var cuda = new List<Device>();
        foreach (CudaDevice device in context.GetCudaDevices())
        {
            cuda.Add(device);
        }

        // OpenCL also lists CPUs (e.g. PoCL); only GPUs count as GPU slots.
        var openCl = new List<Device>();
        foreach (CLDevice device in context.GetCLDevices())
        {
            if (device.DeviceType.HasFlag(CLDeviceType.CL_DEVICE_TYPE_GPU))
            {
                openCl.Add(device);
            }
        }

        List<Device> chosen = selection switch
        {
            DeviceSelection.Cuda => cuda,
            DeviceSelection.OpenCL => openCl,
            DeviceSelection.Cpu => [],
            _ => cuda.Count > 0 ? cuda : openCl,
        };

        if (chosen.Count == 0 && selection is DeviceSelection.Cuda or DeviceSelection.OpenCL)
        {
            throw new GpuRayException(
                $"GPU device selection '{DeviceSelections.ToText(selection)}' forces {selection} devices, but none was found "
                + $"(CUDA devices: {cuda.Count}, OpenCL GPUs: {openCl.Count}). Use auto, or cpu for the CPU fallback "
                + $"({nameof(GpuOptions)}.{nameof(GpuOptions.Device)} or {GpuOptions.DeviceEnvironmentVariable}).");
        }

        if (chosen.Count > 0)
        {
            GpuDeviceKind kind = chosen[0] is CudaDevice ? GpuDeviceKind.Cuda : GpuDeviceKind.OpenCL;
            return [.. chosen.Select((d, i) => new DiscoveredDevice(new GpuDeviceInfo(i, d.Name, kind, d.MemorySize, IsFallback: false), d))];
        }

        if (!options.CpuFallback)
        {
            if (selection == DeviceSelection.Cpu)
            {
                throw new GpuRayException(
                    $"GPU device selection 'cpu' asks for the CPU fallback, but {nameof(GpuOptions)}.{nameof(GpuOptions.CpuFallback)} is false. "
                    + "Turn the fallback on, or select auto.");
            }

            return [];
        }

        CPUDevice cpu = context.GetCPUDevice(0);
        return [new DiscoveredDevice(new GpuDeviceInfo(0, $"{cpu.Name} (CPU fallback)", GpuDeviceKind.CpuFallback, fallbackMemory, IsFallback: true), cpu)];
    }

    private static long FallbackMemory(GpuOptions options)
    {
        if (options.FallbackMemoryBytes is { } bytes)
        {
            if (bytes <= 0)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(GpuOptions.FallbackMemoryBytes), bytes, $"Invalid FallbackMemoryBytes: {bytes}. Valid values are > 0, or null for the default.");
            }

            return bytes;
        }

        return Math.Max(1, Math.Min(DefaultFallbackMemoryCap, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4));
    }
}
