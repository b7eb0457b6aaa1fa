using GpuRay.Resources;

namespace GpuRay.Cli.Bench;

/// <summary>The GPU device of a run, as reports show it.</summary>
internal sealed record DeviceSummary(int Index, string Name, string Kind, long MemoryBytes, bool IsFallback)
{
    public static DeviceSummary From(DeviceSlot slot) => new(slot.Index, slot.Name, slot.Kind, slot.MemoryBytes, slot.IsFallback);

    /// <summary>A short label, e.g. "GPU0 NVIDIA H100 (Cuda)" or "CPU fallback" (ILGPU's CPU accelerator).</summary>
    public string Label => IsFallback ? "CPU fallback" : $"GPU{Index} {Name} ({Kind})";
}
