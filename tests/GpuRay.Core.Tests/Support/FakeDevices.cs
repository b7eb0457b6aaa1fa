using GpuRay.Resources;
using GpuRay.Scheduling;

namespace GpuRay.Core.Tests.Support;

/// <summary>A device provider with made-up devices, to test the ledger's GPU slots without a GPU library.</summary>
public sealed class FakeDevices(params long[] memoryBytes) : IDeviceProvider
{
    public IReadOnlyList<DeviceSlot> Devices { get; } =
        [.. memoryBytes.Select((m, i) => new DeviceSlot(i, $"fake{i}", "Fake", m, IsFallback: false))];

    public int Entered;

    public bool Disposed { get; private set; }

    public Func<TaskContext, IDisposable?>? OnEnter { get; set; }

    public IDisposable? EnterTask(TaskContext context)
    {
        Interlocked.Increment(ref Entered);
        return OnEnter?.Invoke(context);
    }

    public event EventHandler<DeviceLostEventArgs>? DeviceLost;

    /// <summary>Reports a device lost, as a GPU library does after a fault the driver makes permanent.</summary>
    public void Lose(int index, string cause) => DeviceLost?.Invoke(this, new DeviceLostEventArgs(index, cause));

    public void Dispose() => Disposed = true;
}
