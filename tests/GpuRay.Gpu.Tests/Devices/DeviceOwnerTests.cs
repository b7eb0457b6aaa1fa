using ILGPU;
using ILGPU.Runtime.CPU;

using Microsoft.Extensions.Logging.Abstractions;

namespace GpuRay.Gpu.Tests.Devices;

public sealed class DeviceOwnerTests
{
    private Context _context = null!;
    private DeviceOwner _owner = null!;
    private List<string> _lost = null!;

    [SetUp]
    public void CreateOwner()
    {
        _context = Context.Create(b => b.CPU(CPUDeviceKind.Default));
        var info = new GpuDeviceInfo(0, "cpu", GpuDeviceKind.CpuFallback, 1000, IsFallback: true);
        _lost = [];
        _owner = new DeviceOwner(_context, new DiscoveredDevice(info, _context.GetCPUDevice(0)), new KernelCompiler(_context), NullLogger.Instance, _lost.Add);
    }

    [TearDown]
    public void DisposeOwner()
    {
        _owner.Dispose();
        _context.Dispose();
    }

    [Test]
    public void Enter_TwoTasks_ShareOneAccelerator()
    {
        AcceleratorGeneration first = _owner.Enter();
        AcceleratorGeneration second = _owner.Enter();

        Assert.That(second, Is.SameAs(first));
        Assert.That(first.Leases, Is.EqualTo(2));
        _owner.Exit(first);
        _owner.Exit(second);
        Assert.That(first.Accelerator.IsDisposed, Is.False, "the current accelerator outlives its tasks");
    }

    [Test]
    public void MarkFaulted_TaskStillInside_NextTaskGetsFreshAcceleratorAndOldIsDisposedOnLastExit()
    {
        AcceleratorGeneration faulted = _owner.Enter();
        _owner.MarkFaulted(faulted);

        AcceleratorGeneration fresh = _owner.Enter();
        Assert.Multiple(() =>
        {
            Assert.That(fresh, Is.Not.SameAs(faulted));
            Assert.That(fresh.Number, Is.EqualTo(2));
            Assert.That(faulted.Accelerator.IsDisposed, Is.False, "a task still uses it");
        });

        _owner.Exit(faulted);
        Assert.That(faulted.Accelerator.IsDisposed, Is.True);
        _owner.Exit(fresh);
    }

    [Test]
    public void MarkFaulted_StickyCause_LaterEnterThrowsDeviceLostNamingDeviceAndCause()
    {
        AcceleratorGeneration faulted = _owner.Enter();
        _owner.MarkFaulted(faulted, "kernel 'K.Bad' in task 't' hit CUDA_ERROR_ILLEGAL_ADDRESS");
        _owner.Exit(faulted);

        var lost = Assert.Throws<GpuDeviceLostException>(() => _owner.Enter());
        Assert.Multiple(() =>
        {
            Assert.That(lost!.Device.Index, Is.EqualTo(0));
            Assert.That(lost.Message, Does.Contain("GPU 0 (cpu)").And.Contain("K.Bad").And.Contain("CUDA_ERROR_ILLEGAL_ADDRESS"));
            Assert.That(lost, Is.Not.InstanceOf<GpuRay.Errors.IPermanentFailure>(), "retried, on another device: the node takes this one out of service");
            Assert.That(_lost, Is.EqualTo(new[] { "kernel 'K.Bad' in task 't' hit CUDA_ERROR_ILLEGAL_ADDRESS" }), "the node is told once");
            Assert.That(_owner.LostCause, Does.Contain("K.Bad"));
            Assert.That(faulted.Accelerator.IsDisposed, Is.True, "the faulted accelerator is still retired");
        });
    }

    [Test]
    public void MarkFaulted_SecondStickyCause_KeepsTheFirst()
    {
        AcceleratorGeneration faulted = _owner.Enter();
        _owner.MarkFaulted(faulted, "first");
        _owner.MarkFaulted(faulted, "second");
        _owner.Exit(faulted);

        Assert.That(_owner.LostCause, Is.EqualTo("first"));
    }

    [Test]
    public void Dispose_TaskInside_DisposesAcceleratorWhenTaskLeaves()
    {
        AcceleratorGeneration inside = _owner.Enter();

        _owner.Dispose();
        Assert.That(inside.Accelerator.IsDisposed, Is.False);
        _owner.Exit(inside);

        Assert.Multiple(() =>
        {
            Assert.That(inside.Accelerator.IsDisposed, Is.True);
            Assert.Throws<ObjectDisposedException>(() => _owner.Enter());
        });
    }
}
