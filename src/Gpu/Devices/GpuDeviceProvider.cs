using GpuRay.Resources;
using GpuRay.Scheduling;

using ILGPU;

using Microsoft.Extensions.Logging;

namespace GpuRay.Gpu;

/// <summary>
/// Plugs the discovered devices into a node: one GPU slot (and its memory) per device, and a <see cref="GpuScope"/>
/// for each task that the scheduler gave devices. Owns the ILGPU context and, through the owners, the accelerators.
/// </summary>
internal sealed class GpuDeviceProvider : IDeviceProvider
{
    private readonly Context _context;
    private readonly DeviceOwner[] _owners;
    private int _disposed;

    public GpuDeviceProvider(GpuOptions options, ILoggerFactory loggers)
    {
        ILogger logger = loggers.CreateLogger("GpuRay.Gpu");
        DeviceSelection selection = DeviceSelections.Resolve(options);
        _context = DeviceDiscovery.CreateContext(selection);
        try
        {
            IReadOnlyList<DiscoveredDevice> found = DeviceDiscovery.Discover(_context, selection, options);
            var compiler = new KernelCompiler(_context);
            _owners = [.. found.Select(d => new DeviceOwner(_context, d, compiler, logger, cause => OnLost(d.Info.Index, cause, logger)))];
            Devices = [.. found.Select(d => new DeviceSlot(d.Info.Index, d.Info.Name, d.Info.Kind.ToString(), d.Info.MemoryBytes, d.Info.IsFallback))];
            LogInventory(logger, selection, found);
        }
        catch
        {
            _context.Dispose();
            throw;
        }
    }

    public IReadOnlyList<DeviceSlot> Devices { get; }

    /// <inheritdoc/>
    public event EventHandler<DeviceLostEventArgs>? DeviceLost;

    internal IReadOnlyList<DeviceOwner> Owners => _owners;

    public IDisposable? EnterTask(TaskContext context)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new GpuScope(context, _owners);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (DeviceOwner owner in _owners)
        {
            owner.Dispose();
        }

        _context.Dispose();
    }

    /// <summary>Tells the node (the scheduler takes the device out of service); a failing handler is only logged.</summary>
    private void OnLost(int index, string cause, ILogger logger)
    {
        try
        {
            DeviceLost?.Invoke(this, new DeviceLostEventArgs(index, cause));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogError(ex, "Taking lost GPU {Index} out of service failed.", index);
        }
    }

    private static void LogInventory(ILogger logger, DeviceSelection selection, IReadOnlyList<DiscoveredDevice> found)
    {
        if (found.Count == 0)
        {
            logger.LogWarning(
                "No GPU found and the CPU fallback is off ({Option} = false): this node has no GPU slots, so GPU tasks are infeasible.",
                nameof(GpuOptions.CpuFallback));
            return;
        }

        if (found[0].Info.IsFallback)
        {
            string reason = selection == DeviceSelection.Cpu ? "the CPU was selected" : "no CUDA or OpenCL GPU was found";
            logger.LogInformation(
                "GPU 0 is a CPU fallback ({Reason}): ILGPU's CPU accelerator stands in for a GPU with {Memory} bytes of GpuMemory. "
                + "GPU tasks run correctly but slowly; turn this off with {Option} = false.",
                reason,
                found[0].Info.MemoryBytes,
                nameof(GpuOptions.CpuFallback));
            return;
        }

        foreach (DiscoveredDevice device in found)
        {
            logger.LogInformation("GPU {Index}: {Name} ({Kind}, {Memory} bytes).", device.Info.Index, device.Info.Name, device.Info.Kind, device.Info.MemoryBytes);
        }

    }
}
