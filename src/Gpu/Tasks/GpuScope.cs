using GpuRay.Resources;
using GpuRay.Scheduling;

using ILGPU.Runtime;

namespace GpuRay.Gpu;

/// <summary>
/// A task's hold on its devices for one attempt (stored as <see cref="TaskContext.DeviceScope"/>): it joins each
/// device's current accelerator, binds the first one to the task's thread, and on dispose synchronises the task's
/// streams, frees its buffers and lets go, even when the task threw.
/// </summary>
internal sealed class GpuScope : IDisposable
{
    private readonly DeviceOwner[] _owners;
    private readonly AcceleratorGeneration[] _generations;
    private readonly long _reservedBytes;
    private readonly ScopedAcceleratorBinding _binding;

    public GpuScope(TaskContext task, DeviceOwner[] allOwners)
    {
        _reservedBytes = task.AssignedResources.TryGetValue(ResourceNames.GpuMemory, out double memory) ? (long)memory : 0;
        _owners = [.. task.GpuIds.Select(id => allOwners[id])];
        _generations = new AcceleratorGeneration[_owners.Length];
        int entered = 0;
        try
        {
            for (; entered < _owners.Length; entered++)
            {
                _generations[entered] = _owners[entered].Enter();
            }
        }
        catch
        {
            for (int i = 0; i < entered; i++)
            {
                _owners[i].Exit(_generations[i]);
            }

            throw;
        }

        // The scope runs on the task's thread (Core calls EnterTask there), which is where ILGPU wants the binding.
        _binding = _generations[0].Accelerator.BindScoped();
        Context = new GpuContext(task, _owners, _generations, _reservedBytes);
    }

    public GpuContext Context { get; }

    public void Dispose()
    {
        Exception? unobserved;
        try
        {
            unobserved = Context.Close();
        }
        finally
        {
            // Unbind first: the last task of a retired accelerator disposes it in Exit.
            _binding.Dispose();
            for (int i = 0; i < _owners.Length; i++)
            {
                _owners[i].Exit(_generations[i]);
            }
        }

        if (unobserved is not null)
        {
            throw unobserved;
        }
    }
}
