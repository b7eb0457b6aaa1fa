namespace GpuRay.Resources;

/// <summary>One GPU device that a node offers as a schedulable slot.</summary>
/// <param name="Index">The device's GPU id on this node (0-based, as tasks see it in <see cref="Scheduling.TaskContext.GpuIds"/>).</param>
/// <param name="Name">The device's name as the driver reports it.</param>
/// <param name="Kind">The device kind, e.g. <c>Cuda</c>, <c>OpenCL</c> or <c>CpuFallback</c>.</param>
/// <param name="MemoryBytes">The device memory the scheduler may hand out, in bytes.</param>
/// <param name="IsFallback">True when the slot is a CPU stand-in for a GPU, not a real device.</param>
public sealed record DeviceSlot(int Index, string Name, string Kind, long MemoryBytes, bool IsFallback);
