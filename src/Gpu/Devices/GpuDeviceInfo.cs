namespace GpuRay.Gpu;

/// <summary>One device in the GPU inventory, as the node offers it.</summary>
/// <param name="Index">The GPU id on the node (0-based; a task sees it in <c>TaskContext.GpuIds</c>).</param>
/// <param name="Name">The device's name as the driver reports it.</param>
/// <param name="Kind">The backend.</param>
/// <param name="MemoryBytes">The device memory the scheduler hands out, in bytes (for the fallback: <see cref="GpuOptions.FallbackMemoryBytes"/>).</param>
/// <param name="IsFallback">True for the CPU accelerator standing in for a GPU.</param>
public sealed record GpuDeviceInfo(int Index, string Name, GpuDeviceKind Kind, long MemoryBytes, bool IsFallback);
