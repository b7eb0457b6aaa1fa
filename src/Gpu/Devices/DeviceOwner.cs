using ILGPU;
using ILGPU.Runtime;

using Microsoft.Extensions.Logging;

namespace GpuRay.Gpu;

/// <summary>
/// The one owner of a device: it creates the accelerator lazily (once, shared by every task on the device),
/// replaces it after a fault, and disposes it with the node. After a fault that CUDA
/// makes permanent for the process, the device is lost: the owner tells the node (which places no task on it again),
/// and a task placed on it just before fails its attempt with <see cref="GpuDeviceLostException"/> instead of getting
/// an accelerator that cannot work.
/// </summary>
/// <remarks>
/// Memory is booked by the scheduler's ledger, not here: a task that reserved GpuMemory allocates within its
/// reservation, and a task that reserved none takes its allocations from the ledger as it makes them.
/// </remarks>
internal sealed class DeviceOwner : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Context _context;
    private readonly Device _device;
    private readonly ILogger _logger;
    private readonly KernelCompiler _compiler;
    private readonly Action<string>? _onLost;
    private AcceleratorGeneration? _current;
    private int _generations;
    private bool _disposed;
    private string? _lostCause;

    public DeviceOwner(Context context, DiscoveredDevice device, KernelCompiler compiler, ILogger logger, Action<string>? onLost = null)
    {
        _onLost = onLost;
        _context = context;
        _compiler = compiler;
        _device = device.Device;
        Info = device.Info;
        _logger = logger;
    }

    public GpuDeviceInfo Info { get; }

    /// <summary>The accelerator new tasks get, or null before the first task (for tests).</summary>
    public AcceleratorGeneration? Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Why the device is lost to this process, or null while it is usable.</summary>
    public string? LostCause
    {
        get
        {
            lock (_lock)
            {
                return _lostCause;
            }
        }
    }

    /// <summary>Joins the current generation, creating the accelerator on first use or after a fault.</summary>
    /// <exception cref="GpuDeviceLostException">An earlier fault lost the device to this process.</exception>
    public AcceleratorGeneration Enter()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_lostCause is not null)
            {
                throw new GpuDeviceLostException(Info, _lostCause);
            }
            if (_current is null)
            {
                int number = ++_generations;
                _current = new AcceleratorGeneration(_device.CreateAccelerator(_context), number, _compiler);
                if (number > 1)
                {
                    _logger.LogWarning("GPU {Index} ({Name}): created accelerator #{Number} after a fault on the previous one.", Info.Index, Info.Name, number);
                }
            }

            _current.Leases++;
            return _current;
        }
    }

    public void Exit(AcceleratorGeneration generation)
    {
        lock (_lock)
        {
            generation.Leases--;
            if (generation.Leases == 0 && (generation != _current || _disposed))
            {
                Retire(generation);
            }
        }
    }

    /// <summary>Retires a generation after a launch failed on it; its last task disposes it.</summary>
    /// <param name="generation">The generation the fault happened on.</param>
    /// <param name="lostCause">For a fault that CUDA makes permanent for the process, what happened; the device is then lost.</param>
    public void MarkFaulted(AcceleratorGeneration generation, string? lostCause = null)
    {
        bool lost = false;
        lock (_lock)
        {
            generation.Faulted = true;
            if (generation == _current)
            {
                _current = null;
            }

            if (lostCause is not null && _lostCause is null)
            {
                _lostCause = lostCause;
                lost = true;
            }
        }

        if (lost)
        {
            _logger.LogError("GPU {Index} ({Name}) is lost to this process: {Cause}. Tasks already placed on it fail; no task is placed on it again until the process restarts.", Info.Index, Info.Name, lostCause);
            _onLost?.Invoke(lostCause!);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_current is { Leases: 0 })
            {
                Retire(_current);
            }

            _current = null;
        }
    }

    /// <summary>Disposes a generation; a faulted one may refuse (CUDA reports the sticky error again), which is only logged.</summary>
    private void Retire(AcceleratorGeneration generation)
    {
        try
        {
            generation.Dispose();
        }
        catch (Exception ex) when (generation.Faulted)
        {
            _logger.LogWarning(ex, "GPU {Index} ({Name}): disposing faulted accelerator #{Number} failed.", Info.Index, Info.Name, generation.Number);
        }
    }
}
