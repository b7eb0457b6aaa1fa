using System.Globalization;

using ILGPU;
using ILGPU.Runtime;

namespace GpuRay.Gpu;

public sealed partial class GpuContext
{
    private readonly List<(MemoryBuffer Buffer, long Bytes)> _buffers = [];
    private readonly long _reservedBytes;
    private long _allocatedBytes;

    /// <summary>The most this task may hold through the allocation helpers, in bytes.</summary>
    /// <value>
    /// The task's GpuMemory request when it made one; otherwise the device's memory (of which the task may use what
    /// neither reservations nor other tasks hold, see <see cref="AvailableBytes"/>).
    /// </value>
    public long MemoryBudgetBytes => _reservedBytes > 0 ? _reservedBytes : Device.MemoryBytes;

    /// <summary>The bytes the task holds now in buffers from the allocation helpers (disposed buffers no longer count).</summary>
    public long AllocatedBytes
    {
        get
        {
            lock (_lock)
            {
                Sweep();
                return _allocatedBytes;
            }
        }
    }

    /// <summary>The bytes the task could allocate now through the helpers.</summary>
    public long AvailableBytes
    {
        get
        {
            lock (_lock)
            {
                Sweep();
                return _reservedBytes > 0 ? _reservedBytes - _allocatedBytes : TaskContext.DeviceMemoryFree(DeviceIds[0]);
            }
        }
    }

    /// <summary>Allocates a buffer on the task's device that is freed when the task ends (or when you dispose it).</summary>
    /// <typeparam name="T">The element type (a plain unmanaged struct).</typeparam>
    /// <param name="length">The number of elements.</param>
    /// <returns>The buffer; its contents are undefined.</returns>
    /// <exception cref="GpuTaskException">
    /// The allocation would exceed the task's budget (its GpuMemory request, or the device's unreserved memory), or the
    /// device refused it. Never blocks waiting for memory.
    /// </exception>
    public MemoryBuffer1D<T, Stride1D.Dense> Allocate1D<T>(long length)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        long bytes = checked(length * Interop.SizeOf<T>());
        Take(bytes);
        MemoryBuffer1D<T, Stride1D.Dense> buffer;
        try
        {
            buffer = Accelerator.Allocate1D<T>(length);
        }
        catch (Exception ex)
        {
            Give(bytes);
            throw new GpuTaskException(
                $"Task '{TaskContext.Name}' could not allocate {Format(bytes)} on {Describe(Device)}: the device refused it "
                + $"({ex.GetType().Name}: {ex.Message}). Ask for less, or request GpuMemory so that the scheduler places the task where it fits.",
                Device,
                kernelName: null,
                ex);
        }

        Add(buffer, bytes);
        return buffer;
    }

    /// <summary>Allocates a buffer on the task's device and copies <paramref name="data"/> into it on the task's stream.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="data">The elements to upload.</param>
    /// <returns>The buffer, freed when the task ends.</returns>
    /// <exception cref="GpuTaskException">As for <see cref="Allocate1D{T}(long)"/>.</exception>
    public MemoryBuffer1D<T, Stride1D.Dense> Allocate1D<T>(T[] data)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        MemoryBuffer1D<T, Stride1D.Dense> buffer = Allocate1D<T>(data.LongLength);
        buffer.View.CopyFromCPU(Stream, data);
        return buffer;
    }

    /// <summary>Counts a buffer allocated some other way (2D, 3D, ...) against the task's budget and frees it when the task ends.</summary>
    /// <typeparam name="TBuffer">The buffer type.</typeparam>
    /// <param name="buffer">A buffer on this task's accelerator.</param>
    /// <returns><paramref name="buffer"/>.</returns>
    /// <exception cref="GpuTaskException">The buffer exceeds the task's budget; it is disposed.</exception>
    public TBuffer Track<TBuffer>(TBuffer buffer)
        where TBuffer : MemoryBuffer
    {
        ArgumentNullException.ThrowIfNull(buffer);
        try
        {
            Take(buffer.LengthInBytes);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }

        Add(buffer, buffer.LengthInBytes);
        return buffer;
    }

    private static string Format(long bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";

    private static string Describe(GpuDeviceInfo device) => $"GPU {device.Index} ({device.Name}, {device.Kind})";

    private void Take(long bytes)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            Sweep();
            if (_reservedBytes > 0)
            {
                if (_allocatedBytes + bytes <= _reservedBytes)
                {
                    _allocatedBytes += bytes;
                    return;
                }

                throw OverBudget(bytes, $"its GpuMemory request is {Format(_reservedBytes)} and it holds {Format(_allocatedBytes)}");
            }

            if (TaskContext.TryTakeDeviceMemory(DeviceIds[0], bytes, out long free))
            {
                _allocatedBytes += bytes;
                return;
            }

            throw OverBudget(
                bytes,
                $"the device has {Format(Device.MemoryBytes)}, of which {Format(Math.Max(0, free))} is neither reserved by GpuMemory requests nor held by other tasks");
        }
    }

    private GpuTaskException OverBudget(long bytes, string why) => new(
        $"Task '{TaskContext.Name}' could not allocate {Format(bytes)} on {Describe(Device)}: {why}. "
        + "Request more GpuMemory in the task's options (the scheduler then waits for a device with that much free), or allocate less.",
        Device,
        kernelName: null,
        innerException: null);

    private void Give(long bytes)
    {
        lock (_lock)
        {
            _allocatedBytes -= bytes;
            if (_reservedBytes == 0)
            {
                TaskContext.ReturnDeviceMemory(DeviceIds[0], bytes);
            }
        }
    }

    private void Add(MemoryBuffer buffer, long bytes)
    {
        lock (_lock)
        {
            _buffers.Add((buffer, bytes));
        }
    }

    /// <summary>Forgets buffers the task disposed itself. Call under the lock.</summary>
    private void Sweep()
    {
        for (int i = _buffers.Count - 1; i >= 0; i--)
        {
            (MemoryBuffer buffer, long bytes) = _buffers[i];
            if (buffer.IsDisposed)
            {
                _buffers.RemoveAt(i);
                _allocatedBytes -= bytes;
                if (_reservedBytes == 0)
                {
                    TaskContext.ReturnDeviceMemory(DeviceIds[0], bytes);
                }
            }
        }
    }

    /// <summary>Disposes every tracked buffer, even when one fails (a faulted CUDA context refuses frees); returns the first failure.</summary>
    private Exception? FreeAll()
    {
        Exception? first = null;
        lock (_lock)
        {
            foreach ((MemoryBuffer buffer, long bytes) in _buffers)
            {
                try
                {
                    buffer.Dispose();
                }
                catch (Exception ex)
                {
                    first ??= ex;
                }

                if (_reservedBytes == 0)
                {
                    TaskContext.ReturnDeviceMemory(DeviceIds[0], bytes);
                }
            }

            _buffers.Clear();
            _allocatedBytes = 0;
        }

        return first;
    }
}
