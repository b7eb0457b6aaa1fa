using GpuRay.Options;

namespace GpuRay.Resources;

/// <summary>
/// A node's totals and availability, in fixed-point units. Not thread-safe by itself: the scheduler calls it
/// under its lock, so that a task's demands are taken all together or not at all.
/// </summary>
internal sealed class ResourceLedger
{
    private readonly long _cpuTotal;
    private readonly long[] _customTotal;
    private readonly long[] _customAvailable;
    private readonly Device[] _devices;
    private long _cpuAvailable;
    private int _lostCount;

    public ResourceLedger(double cpus, IReadOnlyDictionary<string, double> custom, IReadOnlyList<DeviceSlot> devices)
    {
        _cpuTotal = _cpuAvailable = FixedPoint.FromDouble(cpus);
        CustomNames = [.. custom.Keys.Order(StringComparer.Ordinal)];
        _customTotal = [.. CustomNames.Select(n => FixedPoint.FromDouble(custom[n]))];
        _customAvailable = (long[])_customTotal.Clone();
        _devices = [.. devices.Select(d => new Device(d.MemoryBytes))];
        Devices = devices;
    }

    public string[] CustomNames { get; }

    public IReadOnlyList<DeviceSlot> Devices { get; }

    /// <summary>How many devices were lost; read without the lock (it only grows).</summary>
    public int LostCount => Volatile.Read(ref _lostCount);

    /// <summary>
    /// Takes a device out of service for good (a fault the process cannot recover from): no task is placed on it
    /// again, and the totals leave it out. Tasks running on it give back their share as usual. False when it was lost
    /// already. Call under the scheduler's lock.
    /// </summary>
    public bool MarkLost(int index, string cause)
    {
        Device device = _devices[index];
        if (device.LostCause is not null)
        {
            return false;
        }

        device.LostCause = cause;
        Volatile.Write(ref _lostCount, _lostCount + 1);
        return true;
    }

    /// <summary>Resolves options into a demand; unknown custom names resolve to index -1 (infeasible).</summary>
    public ResourceDemand CreateDemand(TaskOptions options)
    {
        (int, long)[] custom = options.Resources is null
            ? []
            : [.. options.Resources
                .Where(kv => kv.Value > 0)
                .OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => (Array.IndexOf(CustomNames, kv.Key), FixedPoint.FromDouble(kv.Value)))];
        return new ResourceDemand(
            FixedPoint.FromDouble(options.NumCpus),
            FixedPoint.FromDouble(options.NumGpus),
            options.GpuMemory,
            custom,
            options.SchedulingStrategy,
            CustomNames);
    }

    /// <summary>
    /// Null when the demand could ever fit here; otherwise the resource, the amount asked, what exists, and which
    /// devices were lost when that is why. Safe without the lock: it reads totals and lost marks, which only grow.
    /// </summary>
    public (string Resource, double Requested, double Available, string? Lost)? FindInfeasible(ResourceDemand demand, TaskOptions options)
    {
        if (demand.Cpu > _cpuTotal)
        {
            return (ResourceNames.Cpu, FixedPoint.ToDouble(demand.Cpu), FixedPoint.ToDouble(_cpuTotal), null);
        }

        foreach ((int index, long units) in demand.Custom)
        {
            if (index < 0)
            {
                string name = options.Resources!.Keys.Where(k => Array.IndexOf(CustomNames, k) < 0).Order(StringComparer.Ordinal).First();
                return (name, options.Resources[name], 0, null);
            }

            if (units > _customTotal[index])
            {
                return (CustomNames[index], FixedPoint.ToDouble(units), FixedPoint.ToDouble(_customTotal[index]), null);
            }
        }

        if (FindInfeasibleDevices(demand, countLost: true) is not { } problem)
        {
            return null;
        }

        // The loss is named only where it made the difference: with every device, the demand would fit.
        string? lost = LostCount > 0 && FindInfeasibleDevices(demand, countLost: false) is null ? DescribeLost() : null;
        return (problem.Resource, problem.Requested, problem.Available, lost);
    }

    /// <summary>
    /// Whether enough devices exist for the demand, each with the memory it asks for (a multi-GPU task needs that
    /// much on every one of its devices). Available is what the best devices offer: the count, or the memory of the
    /// N-th largest.
    /// </summary>
    private (string Resource, double Requested, double Available)? FindInfeasibleDevices(ResourceDemand demand, bool countLost)
    {
        if (demand.DeviceCount == 0)
        {
            return null;
        }

        long[] memory = [.. _devices.Where(d => !countLost || d.LostCause is null).Select(d => d.MemoryTotal).OrderDescending()];
        if (demand.DeviceCount > memory.Length)
        {
            double asked = demand.Gpu > 0 ? FixedPoint.ToDouble(demand.Gpu) : demand.DeviceCount;
            return (ResourceNames.Gpu, asked, memory.Length);
        }

        long offered = memory[demand.DeviceCount - 1];
        return demand.GpuMemory > offered ? (ResourceNames.GpuMemory, demand.GpuMemory, offered) : null;
    }

    /// <summary>
    /// Takes device memory for a running task that reserved none (its allocations as it makes them), from what no
    /// reservation holds, so that a task placed later for its GpuMemory request finds it free. False, with what is
    /// free, when it does not fit (or the device is lost). Call under the scheduler's lock.
    /// </summary>
    public bool TryTakeMemory(int device, long bytes, out long free)
    {
        Device d = _devices[device];
        free = d.LostCause is null ? Math.Max(0, d.MemoryFree) : 0;
        if (d.LostCause is not null || bytes > d.MemoryFree)
        {
            return false;
        }

        d.MemoryFree -= bytes;
        return true;
    }

    /// <summary>Gives back what <see cref="TryTakeMemory"/> took. Call under the scheduler's lock.</summary>
    public void ReturnMemory(int device, long bytes) => _devices[device].MemoryFree += bytes;

    /// <summary>Which devices were lost and why, or null when none was.</summary>
    private string? DescribeLost()
    {
        if (LostCount == 0)
        {
            return null;
        }

        return string.Join("; ", _devices
            .Select((d, i) => (d.LostCause, Index: i))
            .Where(d => d.LostCause is not null)
            .Select(d => $"GPU {d.Index} was lost to this process ({d.LostCause})"));
    }

    public bool TryAcquire(ResourceDemand demand, out ResourceAllocation allocation)
    {
        allocation = demand.NoDeviceAllocation;
        if (demand.Cpu > _cpuAvailable)
        {
            return false;
        }

        foreach ((int index, long units) in demand.Custom)
        {
            if (index < 0 || units > _customAvailable[index])
            {
                return false;
            }
        }

        if (demand.NeedsDevice)
        {
            int[]? ids = demand.DeviceCount == 1 ? PickOne(demand) : PickWhole(demand);
            if (ids is null)
            {
                return false;
            }

            foreach (int id in ids)
            {
                _devices[id].SlotFree -= demand.GpuPerDevice;
                _devices[id].MemoryFree -= demand.GpuMemory;
            }

            allocation = new ResourceAllocation(demand, ids);
        }

        _cpuAvailable -= demand.Cpu;
        foreach ((int index, long units) in demand.Custom)
        {
            _customAvailable[index] -= units;
        }

        return true;
    }

    public void Release(ResourceAllocation allocation)
    {
        ResourceDemand demand = allocation.Demand;
        _cpuAvailable += demand.Cpu;
        foreach ((int index, long units) in demand.Custom)
        {
            _customAvailable[index] += units;
        }

        foreach (int id in allocation.DeviceIds)
        {
            _devices[id].SlotFree += demand.GpuPerDevice;
            _devices[id].MemoryFree += demand.GpuMemory;
        }
    }

    /// <summary>
    /// Whether a CPU-only demand might fit now. Read without the lock, as a hint: a caller that sees true takes the
    /// lock and tries; false is exact for a caller that fenced after its own write, when the releaser fenced too.
    /// </summary>
    public bool MightFit(ResourceDemand demand) => Volatile.Read(ref _cpuAvailable) >= demand.Cpu;

    /// <summary>
    /// True while tasks that came back from a blocking Get hold more CPU than the node has. Read without the lock,
    /// as a hint: a worker then gives its CPU back instead of handing it to the next task.
    /// </summary>
    public bool CpuOvercommitted => Volatile.Read(ref _cpuAvailable) < 0;

    /// <summary>A task blocked in Get gives back its CPU (but keeps devices and custom resources).</summary>
    public void ReleaseCpu(long units) => _cpuAvailable += units;

    /// <summary>
    /// Takes the CPU back after a blocking Get, even when that overcommits the node for a moment: the task is
    /// already running, and refusing would deadlock. New tasks wait until the balance is positive again.
    /// </summary>
    public void ReacquireCpu(long units) => _cpuAvailable -= units;

    public Dictionary<string, double> Totals() => Snapshot(available: false);

    public Dictionary<string, double> Available() => Snapshot(available: true);

    /// <summary>Per device: free GPU fraction and free memory, for introspection and tests; a lost device has none.</summary>
    public (double SlotFree, long MemoryFree)[] DeviceAvailability() =>
        [.. _devices.Select(d => d.LostCause is null ? (FixedPoint.ToDouble(d.SlotFree), d.MemoryFree) : (0.0, 0L))];

    private Dictionary<string, double> Snapshot(bool available)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [ResourceNames.Cpu] = FixedPoint.ToDouble(available ? _cpuAvailable : _cpuTotal),
        };
        if (_devices.Length > 0)
        {
            // A lost device is out of both: tasks still running on it hold a share that nothing else can use.
            IEnumerable<Device> usable = _devices.Where(d => d.LostCause is null);
            result[ResourceNames.Gpu] = FixedPoint.ToDouble(usable.Sum(d => available ? d.SlotFree : FixedPoint.One));
            result[ResourceNames.GpuMemory] = usable.Sum(d => available ? d.MemoryFree : d.MemoryTotal);
        }

        for (int i = 0; i < CustomNames.Length; i++)
        {
            result[CustomNames[i]] = FixedPoint.ToDouble(available ? _customAvailable[i] : _customTotal[i]);
        }

        return result;
    }

    private int[]? PickOne(ResourceDemand demand)
    {
        int best = -1;
        for (int i = 0; i < _devices.Length; i++)
        {
            Device d = _devices[i];
            if (d.LostCause is not null || d.SlotFree < demand.GpuPerDevice || d.MemoryFree < demand.GpuMemory)
            {
                continue;
            }

            // Pack: the fullest device that still fits; spread: the emptiest. Ties go to the lower index.
            bool better = best < 0
                || (demand.Strategy == SchedulingStrategy.Spread
                    ? d.SlotFree > _devices[best].SlotFree || (d.SlotFree == _devices[best].SlotFree && d.MemoryFree > _devices[best].MemoryFree)
                    : d.SlotFree < _devices[best].SlotFree || (d.SlotFree == _devices[best].SlotFree && d.MemoryFree < _devices[best].MemoryFree));
            if (better)
            {
                best = i;
            }
        }

        return best < 0 ? null : [best];
    }

    private int[]? PickWhole(ResourceDemand demand)
    {
        var ids = new int[demand.DeviceCount];
        int found = 0;
        for (int i = 0; i < _devices.Length && found < ids.Length; i++)
        {
            if (_devices[i].LostCause is null && _devices[i].SlotFree == FixedPoint.One && _devices[i].MemoryFree >= demand.GpuMemory)
            {
                ids[found++] = i;
            }
        }

        return found == ids.Length ? ids : null;
    }

    private sealed class Device(long memoryBytes)
    {
        public long SlotFree { get; set; } = FixedPoint.One;

        public long MemoryTotal { get; } = memoryBytes;

        public long MemoryFree { get; set; } = memoryBytes;

        /// <summary>Why the device is out of service, or null while it is usable.</summary>
        public string? LostCause { get; set; }
    }
}
