using GpuRay.Errors;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Resources;
using GpuRay.Runtime;

using ILGPU.Runtime;

using Microsoft.Extensions.Logging;

namespace GpuRay.Gpu.Tests.Devices;

public sealed class GpuDeviceProviderTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Test]
    public void Start_CpuForced_OffersOneFallbackSlotWithItsMemory()
    {
        var loggers = new ListLoggerFactory();
        using GpuRayRuntime ray = GpuTestRuntime.Start(loggers: loggers);

        Assert.That(ray.Devices, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(ray.Devices[0].Kind, Is.EqualTo(nameof(GpuDeviceKind.CpuFallback)));
            Assert.That(ray.Devices[0].IsFallback, Is.True);
            Assert.That(ray.ClusterResources()[ResourceNames.Gpu], Is.EqualTo(1));
            Assert.That(ray.ClusterResources()[ResourceNames.GpuMemory], Is.EqualTo(GpuTestRuntime.FallbackMemory));
            Assert.That(loggers.Entries.Count(e => e.Message.Contains("CPU fallback", StringComparison.Ordinal)), Is.EqualTo(1));
        });
    }

    [Test]
    public void DeviceLost_ByItsOwner_TheNodeTakesItOutOfServiceAndCpuTasksRun()
    {
        GpuDeviceProvider? provider = null;
        var loggers = new ListLoggerFactory();
        using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions
        {
            NumCpus = 2,
            LoggerFactory = loggers,
            DeviceProvider = l => provider = new GpuDeviceProvider(GpuTestRuntime.CpuOptions, l),
        });
        var gpuTask = GpuTestRuntime.AddOneTask(ray, "after-loss");
        Assert.That(ray.Get(gpuTask.Remote(), Guard), Is.EqualTo(new[] { 2, 3 }), "the device works before");

        // What a kernel that hits one of CUDA's sticky errors does to its device's owner.
        DeviceOwner owner = provider!.Owners[0];
        AcceleratorGeneration generation = owner.Enter();
        owner.MarkFaulted(generation, "kernel 'K.Bad' in task 'bad' hit CUDA_ERROR_ILLEGAL_ADDRESS");
        owner.Exit(generation);

        var refused = Assert.Throws<InfeasibleTaskException>(() => gpuTask.Remote());
        Assert.Multiple(() =>
        {
            Assert.That(refused!.Lost, Does.Contain("GPU 0 was lost").And.Contain("K.Bad"));
            Assert.That(ray.ClusterResources()[ResourceNames.Gpu], Is.Zero);
            Assert.That(loggers.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.Contains("GPU 0 is out of service", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(ray.Get(ray.Remote(() => 42, "cpu-after-loss").Remote(), Guard), Is.EqualTo(42));
        });
    }

    [Test]
    public void Remote_NoGpuAndFallbackOff_ThrowsInfeasible()
    {
        if (!GpuInventory.Discover(new GpuOptions { Device = "auto" })[0].IsFallback)
        {
            Assert.Ignore("this machine has a GPU");
        }

        var loggers = new ListLoggerFactory();
        using GpuRayRuntime ray = GpuTestRuntime.Start(new GpuOptions { Device = "auto", CpuFallback = false }, loggers);
        var gpuTask = ray.Remote(() => 1, "needs-gpu", new TaskOptions { NumGpus = 1 });

        var error = Assert.Throws<InfeasibleTaskException>(() => gpuTask.Remote());
        Assert.Multiple(() =>
        {
            Assert.That(ray.Devices, Is.Empty);
            Assert.That(error.Resource, Is.EqualTo(ResourceNames.Gpu));
            Assert.That(loggers.Entries.Any(e => e.Level == LogLevel.Warning && e.Message.Contains("GPU tasks are infeasible", StringComparison.Ordinal)));
        });
    }

    [Test]
    public void Remote_MoreGpuMemoryThanTheDevice_ThrowsInfeasible()
    {
        using GpuRayRuntime ray = GpuTestRuntime.Start();
        var big = ray.Remote(() => 1, "too-big", new TaskOptions { NumGpus = 0.5, GpuMemory = GpuTestRuntime.FallbackMemory + 1 });

        var error = Assert.Throws<InfeasibleTaskException>(() => big.Remote());
        Assert.That(error.Resource, Is.EqualTo(ResourceNames.GpuMemory));
    }

    [Test]
    public void FractionalTasks_HeldOpen_PackOneDeviceAndCountMemory()
    {
        const long PerTask = 8L << 20;
        using GpuRayRuntime ray = GpuTestRuntime.Start();
        using var started = new CountdownEvent(4);
        using var gate = new ManualResetEventSlim();
        var held = ray.Remote(
            () =>
            {
                int device = GpuContext.Current.Device.Index;
                started.Signal();
                gate.Wait();
                return device;
            },
            "held-quarter",
            new TaskOptions { NumGpus = 0.25, GpuMemory = PerTask });

        ObjectRef<int>[] first = [.. Enumerable.Range(0, 4).Select(_ => held.Remote())];
        Assert.That(started.Wait(Guard), Is.True, "phase: 4 quarter-GPU tasks should all start on the one device");
        ObjectRef<int> fifth = held.Remote();

        (double slotFree, long memoryFree) = ray.DeviceAvailability()[0];
        Assert.Multiple(() =>
        {
            Assert.That(slotFree, Is.Zero);
            Assert.That(memoryFree, Is.EqualTo(GpuTestRuntime.FallbackMemory - (4 * PerTask)));
            Assert.That(ray.AvailableResources(), Does.Not.ContainKey(ResourceNames.Gpu), "a resource fully in use is left out");
            Assert.That(fifth.IsCompleted, Is.False);
            Assert.That(ray.TaskCounts.Active, Is.EqualTo(4));
        });

        started.Reset(1);
        gate.Set();
        Assert.That(ray.Get(first, Guard), Is.All.Zero);
        Assert.That(ray.Get(fifth, Guard), Is.Zero);

        // Only a device with all of its slot and memory free can run this one.
        var whole = ray.Remote(() => GpuContext.Current.AvailableBytes, "whole-device", new TaskOptions { NumGpus = 1, GpuMemory = GpuTestRuntime.FallbackMemory });
        Assert.That(ray.Get(whole.Remote(), Guard), Is.EqualTo(GpuTestRuntime.FallbackMemory));
    }

    [Test]
    public void Dispose_SeveralRuntimesInARow_DisposesEachAccelerator()
    {
        var accelerators = new List<Accelerator>();
        for (int i = 0; i < 3; i++)
        {
            using GpuRayRuntime ray = GpuTestRuntime.Start();
            var grab = ray.Remote(() => GpuContext.Current.Accelerator, "grab", new TaskOptions { NumGpus = 1 });
            Accelerator accelerator = ray.Get(grab.Remote(), Guard);
            Assert.That(accelerator.IsDisposed, Is.False, "phase: inside the runtime");
            accelerators.Add(accelerator);
        }

        Assert.Multiple(() =>
        {
            Assert.That(accelerators, Is.All.Matches<Accelerator>(a => a!.IsDisposed));
            Assert.That(accelerators.Distinct().Count(), Is.EqualTo(3));
        });
    }

    [Test]
    public void Dispose_NoGpuTaskRan_CreatesNoAccelerator()
    {
        var loggers = new ListLoggerFactory();
        IReadOnlyList<DeviceOwner>? owners = null;
        RuntimeOptions options = new RuntimeOptions { NumCpus = 2, LoggerFactory = loggers }.UseGpus(GpuTestRuntime.CpuOptions);
        Func<ILoggerFactory, IDeviceProvider> make = options.DeviceProvider!;
        options = options with
        {
            DeviceProvider = l =>
            {
                var provider = (GpuDeviceProvider)make(l);
                owners = provider.Owners;
                return provider;
            },
        };

        GpuRayRuntime.Start(options).Dispose();

        Assert.That(owners, Is.Not.Null);
        Assert.That(owners!.Select(o => o.Current), Is.All.Null);
    }

    [Test]
    public void StartAsync_GpuOptionsDeviceForcedCudaWithoutCuda_Throws()
    {
        if (!GpuInventory.Discover(new GpuOptions { Device = "auto" })[0].IsFallback)
        {
            Assert.Ignore("this machine has a GPU");
        }

        Assert.Throws<GpuRayException>(() => GpuTestRuntime.Start(new GpuOptions { Device = "cuda" }));
    }
}
