namespace GpuRay.Gpu;

/// <summary>How a node finds and offers its GPUs.</summary>
public sealed record GpuOptions
{
    /// <summary>The environment variable read when <see cref="Device"/> is null: <c>auto|cuda|opencl|cpu</c>.</summary>
    public const string DeviceEnvironmentVariable = "GPURAY_DEVICE";

    /// <summary>
    /// Which devices to offer: <c>auto</c> (CUDA devices, else OpenCL GPUs, else the CPU fallback), <c>cuda</c>,
    /// <c>opencl</c> or <c>cpu</c> (only the CPU fallback, even when GPUs exist). Case-insensitive.
    /// </summary>
    /// <value>null: the <see cref="DeviceEnvironmentVariable"/> variable, or <c>auto</c> when it is unset.</value>
    /// <remarks>
    /// An unknown value fails with an <see cref="ArgumentException"/> that lists the valid ones. Forcing
    /// <c>cuda</c> or <c>opencl</c> when no such device exists fails too, rather than silently using the CPU.
    /// </remarks>
    public string? Device { get; init; }

    /// <summary>Whether a node without a real GPU offers ILGPU's CPU accelerator as one fallback GPU slot.</summary>
    /// <value>true.</value>
    /// <remarks>When false and no GPU exists, the node has no GPU slots and GPU tasks are infeasible.</remarks>
    public bool CpuFallback { get; init; } = true;

    /// <summary>The memory the CPU fallback slot offers as GpuMemory, in bytes.</summary>
    /// <value>null: the smaller of 2 GiB and a quarter of the memory available to the process.</value>
    /// <remarks>
    /// The CPU accelerator allocates from ordinary process memory and reports no limit of its own, so this is the
    /// budget that the scheduler and <see cref="GpuContext"/>'s allocation helpers enforce on it.
    /// </remarks>
    public long? FallbackMemoryBytes { get; init; }
}
