using System.Diagnostics.CodeAnalysis;

using GpuRay.Scheduling;

using ILGPU.Runtime;

namespace GpuRay.Gpu;

/// <summary>
/// What a GPU task sees of its devices: the ILGPU accelerator, a stream of its own, its device ids, buffers that are
/// freed when the task ends, and kernels compiled once per accelerator. <see cref="Current"/> inside a task body.
/// </summary>
/// <remarks>
/// <para>
/// Threading: every task on a device shares the device's one accelerator (created by the device's owner, not by the
/// task) and gets its own stream, so that tasks neither wait for each other's work nor see it. No lock is held for
/// the task's lifetime, so a GPU task may block in <c>Get</c> on another task of the same device without deadlock.
/// ILGPU's CPU accelerator serialises concurrent launches itself; CUDA and OpenCL run streams concurrently.
/// The accelerator is bound to the task's thread for the attempt. Use this object from the task's thread.
/// </para>
/// <para>
/// Lifetime: valid during one attempt of one task. When the attempt ends (even by throwing), the task's streams are
/// synchronised and its buffers from <see cref="Allocate1D{T}(long)"/> and <see cref="Track{TBuffer}(TBuffer)"/> are
/// disposed. Launchers from <see cref="LoadKernel{TIndex, T1}(Action{TIndex, T1})"/> launch on this task's stream,
/// so do not keep them beyond the task.
/// </para>
/// <para>
/// For a task with several GPUs (NumGpus &gt; 1), <see cref="Accelerator"/>, <see cref="Stream"/>, the allocation
/// helpers and the kernel helpers use the first device; <see cref="Accelerators"/> lists them all.
/// </para>
/// <para>
/// Faults: launch and synchronisation errors become <see cref="GpuTaskException"/>, and after one the device's owner
/// gives later tasks a fresh accelerator. A CUDA error that CUDA makes permanent for the process (an illegal address,
/// say) loses the device instead: the node takes it out of service, tasks already placed on it are retried on other
/// devices (<see cref="GpuDeviceLostException"/>), and tasks that no device can take any more fail as infeasible. On the CPU fallback, ILGPU 1.5.3 runs kernels on its own threads and does
/// not catch exceptions there: a kernel that throws a .NET exception (an integer division by zero, say) ends the
/// process. Keep kernels free of exceptions; invalid launch configurations are reported normally.
/// </para>
/// </remarks>
public sealed partial class GpuContext
{
    private readonly Lock _lock = new();
    private readonly DeviceOwner[] _owners;
    private readonly AcceleratorGeneration[] _generations;
    private readonly AcceleratorStream?[] _streams;
    private bool _closed;

    internal GpuContext(TaskContext task, DeviceOwner[] owners, AcceleratorGeneration[] generations, long reservedBytes)
    {
        TaskContext = task;
        _owners = owners;
        _generations = generations;
        _streams = new AcceleratorStream?[owners.Length];
        _reservedBytes = reservedBytes;
        Devices = [.. owners.Select(o => o.Info)];
        Accelerators = [.. generations.Select(g => g.Accelerator)];
    }

    /// <summary>The GPU context of the task running on this thread.</summary>
    /// <exception cref="InvalidOperationException">No GPU task runs on this thread.</exception>
    public static GpuContext Current => TryGetCurrent(out GpuContext? context)
        ? context
        : throw new InvalidOperationException(
            "GpuContext.Current is only available inside the body of a task that holds a GPU (TaskOptions.NumGpus > 0 or "
            + "GpuMemory > 0) on a runtime started with RuntimeOptions.UseGpus().");

    /// <summary>The task this context belongs to.</summary>
    public TaskContext TaskContext { get; }

    /// <summary>The accelerator of the task's (first) device, shared with the other tasks on that device.</summary>
    public Accelerator Accelerator => Accelerators[0];

    /// <summary>The accelerators of all the task's devices, in <see cref="DeviceIds"/> order.</summary>
    public IReadOnlyList<Accelerator> Accelerators { get; }

    /// <summary>The task's (first) device.</summary>
    public GpuDeviceInfo Device => Devices[0];

    /// <summary>The task's devices, in GPU-id order as the scheduler assigned them.</summary>
    public IReadOnlyList<GpuDeviceInfo> Devices { get; }

    /// <summary>The task's GPU ids (the same as <see cref="TaskContext.GpuIds"/>).</summary>
    public IReadOnlyList<int> DeviceIds => TaskContext.GpuIds;

    /// <summary>The task's own stream on its (first) device, created on first use and synchronised when the task ends.</summary>
    /// <exception cref="ObjectDisposedException">The task's attempt has ended.</exception>
    public AcceleratorStream Stream => StreamAt(0);

    /// <summary>The first device's accelerator generation (for tests: kernel loads, fault recovery).</summary>
    internal AcceleratorGeneration Generation => _generations[0];

    /// <summary>Gets the context of the task running on this thread, if it holds a GPU.</summary>
    /// <param name="context">The context, or null.</param>
    /// <returns>True inside a GPU task.</returns>
    public static bool TryGetCurrent([NotNullWhen(true)] out GpuContext? context)
    {
        context = (TaskContext.Current?.DeviceScope as GpuScope)?.Context;
        return context is not null;
    }

    /// <summary>Waits for all the work the task queued on its streams.</summary>
    /// <exception cref="GpuTaskException">A kernel failed; the message names the device and the last kernel launched.</exception>
    public void Synchronize()
    {
        for (int i = 0; i < _streams.Length; i++)
        {
            AcceleratorStream? stream;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_closed, this);
                stream = _streams[i];
            }

            if (stream is null)
            {
                continue;
            }

            try
            {
                stream.Synchronize();
            }
            catch (Exception ex)
            {
                throw KernelFault(i, _lastKernel ?? "<none launched>", ex, "while synchronising its stream");
            }
        }
    }

    /// <summary>Ends the attempt: synchronises, frees the buffers and returns the streams. Returns a fault the task did not see.</summary>
    internal Exception? Close()
    {
        AcceleratorStream?[] streams;
        lock (_lock)
        {
            if (_closed)
            {
                return null;
            }

            _closed = true;
            streams = (AcceleratorStream?[])_streams.Clone();
        }

        Exception? unobserved = null;
        for (int i = 0; i < streams.Length; i++)
        {
            if (streams[i] is not { } stream)
            {
                continue;
            }

            try
            {
                stream.Synchronize();
            }
            catch (Exception ex)
            {
                Exception fault = KernelFault(i, _lastKernel ?? "<none launched>", ex, "when the task ended");
                if (!_faultSeen)
                {
                    unobserved ??= fault;
                }
            }
        }

        Exception? freeing = FreeAll();
        for (int i = 0; i < streams.Length; i++)
        {
            if (streams[i] is { } stream)
            {
                try
                {
                    _generations[i].ReturnStream(stream);
                }
                catch (Exception ex)
                {
                    freeing ??= ex;
                }
            }
        }

        if (freeing is not null && !_faultSeen)
        {
            unobserved ??= new GpuTaskException(
                $"Task '{TaskContext.Name}' could not free its GPU resources on {Describe(Device)}: {freeing.GetType().Name}: {freeing.Message}",
                Device,
                _lastKernel,
                freeing);
        }

        return unobserved;
    }

    private AcceleratorStream StreamAt(int position)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            return _streams[position] ??= _generations[position].RentStream();
        }
    }
}
