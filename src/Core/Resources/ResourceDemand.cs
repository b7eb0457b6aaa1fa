using System.Text;

using GpuRay.Options;

namespace GpuRay.Resources;

/// <summary>
/// A task's demand in ledger units, resolved once per remote function and options. Two demands with the same
/// <see cref="Key"/> have the same shape and share a queue.
/// </summary>
internal sealed class ResourceDemand
{
    public ResourceDemand(long cpu, long gpu, long gpuMemory, (int Index, long Units)[] custom, SchedulingStrategy strategy, string[] customNames)
    {
        Cpu = cpu;
        Gpu = gpu;
        GpuMemory = gpuMemory;
        Custom = custom;
        Strategy = strategy;
        DeviceCount = gpu > FixedPoint.One ? (int)(gpu / FixedPoint.One) : (gpu > 0 || gpuMemory > 0 ? 1 : 0);
        GpuPerDevice = Math.Min(gpu, FixedPoint.One);
        Key = Describe(customNames);
        NoDeviceAllocation = new ResourceAllocation(this, []);
    }

    public long Cpu { get; }

    public long Gpu { get; }

    public long GpuMemory { get; }

    public (int Index, long Units)[] Custom { get; }

    public SchedulingStrategy Strategy { get; }

    public int DeviceCount { get; }

    public long GpuPerDevice { get; }

    public bool NeedsDevice => DeviceCount > 0;

    /// <summary>CPU only (no device, no custom resource): its queue is a lane that workers hand tasks along.</summary>
    public bool IsCpuOnly => DeviceCount == 0 && Custom.Length == 0;

    /// <summary>The scheduler's queue for this shape, cached here to skip a lookup per task (guarded by its lock).</summary>
    public object? Queue { get; set; }

    /// <summary>The shape, e.g. <c>CPU=1 GPU=0.25</c>; also the timeline's resource label.</summary>
    public string Key { get; }

    /// <summary>Shared by every task of this shape that holds no device, so that CPU tasks allocate nothing.</summary>
    public ResourceAllocation NoDeviceAllocation { get; }

    /// <summary>Queue priority: scarce resources first, so that a GPU task never waits behind CPU-only work.</summary>
    public int Priority => NeedsDevice ? 0 : Custom.Length > 0 ? 1 : 2;

    public IReadOnlyDictionary<string, double> ToDictionary(string[] customNames)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (Cpu > 0)
        {
            result[ResourceNames.Cpu] = FixedPoint.ToDouble(Cpu);
        }

        if (Gpu > 0)
        {
            result[ResourceNames.Gpu] = FixedPoint.ToDouble(Gpu);
        }

        if (GpuMemory > 0)
        {
            result[ResourceNames.GpuMemory] = GpuMemory;
        }

        foreach ((int index, long units) in Custom)
        {
            result[index < 0 ? "<unknown>" : customNames[index]] = FixedPoint.ToDouble(units);
        }

        return result;
    }

    private string Describe(string[] customNames)
    {
        var key = new StringBuilder();
        key.Append("CPU=").Append(FixedPoint.Format(Cpu));
        if (Gpu > 0)
        {
            key.Append(" GPU=").Append(FixedPoint.Format(Gpu));
        }

        if (GpuMemory > 0)
        {
            key.Append(" GpuMemory=").Append(GpuMemory);
        }

        foreach ((int index, long units) in Custom)
        {
            key.Append(' ').Append(index < 0 ? "<unknown>" : customNames[index]).Append('=').Append(FixedPoint.Format(units));
        }

        if (NeedsDevice && Strategy != SchedulingStrategy.Default)
        {
            key.Append(" strategy=").Append(Strategy);
        }

        return key.ToString();
    }
}
