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

    public void Dispose() => Disposed = true;
}
