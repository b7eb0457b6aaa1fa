using GpuRay.Errors;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Resources;
using GpuRay.Scheduling;

using ILGPU;
using ILGPU.Runtime;

namespace GpuRay.Gpu.Tests.Tasks;

public sealed class GpuContextTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Test]
    public void Current_OutsideTask_ThrowsSayingWhereItWorks()
    {
        var error = Assert.Throws<InvalidOperationException>(() => _ = GpuContext.Current);
        Assert.That(error.Message, Does.Contain("NumGpus").And.Contain("UseGpus"));
    }

    [Test]
    public void TryGetCurrent_CpuTask_ReturnsFalse()
    {
        using GpuRayRuntime ray = GpuTestRuntime.Start();
        var cpuTask = ray.Remote(() => GpuContext.TryGetCurrent(out _), "cpu-task");

        Assert.That(ray.Get(cpuTask.Remote(), Guard), Is.False);
    }

    [Test]
    public void Gpu_TaskContextOfGpuTask_IsCurrentGpuContext()
    {
        using GpuRayRuntime ray = GpuTestRuntime.Start();
        var same = ray.Remote(() => TaskContext.Current!.Gpu() == GpuContext.Current, "same", new TaskOptions { NumGpus = 1 });
        var cpu = ray.Remote(() => Assert.Throws<InvalidOperationException>(() => TaskContext.Current!.Gpu())!.Message, "cpu-only");

        Assert.Multiple(() =>
        {
            Assert.That(ray.Get(same.Remote(), Guard), Is.True);
            Assert.That(ray.Get(cpu.Remote(), Guard), Does.Contain("'cpu-only'").And.Contain("NumGpus"));
        });
    }

    [Test]
    public void RemoteAsync_GpuTaskAfterAnAwait_StillHasItsBoundAcceleratorAndRunsTheKernel()
    {
        using GpuRayRuntime ray = GpuTestRuntime.Start();
        var addOne = ray.RemoteAsync(
            async (int[] values) =>
            {
                await Task.Run(() => { });
                GpuContext gpu = GpuContext.Current;
                MemoryBuffer1D<int, Stride1D.Dense> buffer = gpu.Allocate1D(values);
                gpu.LoadKernel<Index1D, ArrayView<int>, int>(TestKernels.AddConstant)(values.Length, buffer.View, 1);
                await Task.Yield();
                gpu.Synchronize();
                return (Values: buffer.GetAsArray1D(gpu.Stream), Bound: Accelerator.Current == gpu.Accelerator);
            },
            "add-one-async",
            new TaskOptions { NumGpus = 1 });

        (int[] values, bool bound) = ray.Get(addOne.Remote(new[] { 1, 2, 3 }), Guard);

        Assert.That(values, Is.EqualTo(new[] { 2, 3, 4 }));
        Assert.That(bound, Is.True, "the accelerator is still bound on the task's thread after the awaits");
    }

    [Test]
    public void Allocate_ByATaskWithoutAReservation_IsBookedSoAGpuMemoryRequestWaitsForIt()
    {
        using GpuRayRuntime ray = GpuTestRuntime.Start();
        const long MiB = 1 << 20;
        var allocated = new TaskCompletionSource();
        var gate = new TaskCompletionSource();
        var holder = ray.Remote(
            () =>
            {
                GpuContext.Current.Allocate1D<byte>(48 * MiB);
                allocated.SetResult();
                gate.Task.Wait();
                return GpuContext.Current.AllocatedBytes;
            },
            "holds-48-mib-unreserved",
            new TaskOptions { NumGpus = 0.5 });
        var reserving = ray.Remote(
            () => GpuContext.Current.Allocate1D<byte>(32 * MiB).LengthInBytes,
            "reserves-32-mib",
            new TaskOptions { NumGpus = 0.5, GpuMemory = 32 * MiB });

        ObjectRef<long> held = holder.Remote();
        ObjectRef<long> waiting;
        try
        {
            Assert.That(allocated.Task.Wait(Guard), Is.True);
            waiting = reserving.Remote();

            Assert.Multiple(() =>
            {
                Assert.That(ray.AvailableResources()[ResourceNames.GpuMemory], Is.EqualTo(GpuTestRuntime.FallbackMemory - (48 * MiB)), "the allocation is booked");
                Assert.That(ray.TaskCounts.Active, Is.EqualTo(1), "the 32 MiB request waits: only 16 MiB are free");
            });
        }
        finally
        {
            gate.SetResult();
        }

        Assert.That(ray.Get(held, Guard), Is.EqualTo(48 * MiB));
        Assert.That(ray.Get(waiting, Guard), Is.EqualTo(32 * MiB));
        Assert.That(ray.AvailableResources()[ResourceNames.GpuMemory], Is.EqualTo(GpuTestRuntime.FallbackMemory), "both gave it back");
    }

    [Test]
    public void Current_GpuTask_GivesDeviceStreamAndBoundAccelerator()
    {
        using GpuRayRuntime ray = GpuTestRuntime.Start();
        var probe = ray.Remote(
            () =>
            {
                GpuContext gpu = GpuContext.Current;
                return (gpu.DeviceIds.ToArray(), gpu.Device.Kind, gpu.Stream.Accelerator == gpu.Accelerator, Accelerator.Current == gpu.Accelerator);
            },
            "probe",
            new TaskOptions { NumGpus = 0.5 });

        (int[] ids, GpuDeviceKind kind, bool streamOnDevice, bool bound) = ray.Get(probe.Remote(), Guard);

        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.EqualTo(new[] { 0 }));
            Assert.That(kind, Is.EqualTo(GpuDeviceKind.CpuFallback));
            Assert.That(streamOnDevice, Is.True);
            Assert.That(bound, Is.True);
        });
    }

    [Test]
    public void LoadKernel_ManyConcurrentFractionalTasks_EachGetsItsOwnResultAndOneCompile()
    {
        using GpuRayRuntime ray = GpuTestRuntime.Start(cpus: 8);
        var add = ray.Remote<int, (int[] Result, int Loads)>(
            value =>
            {
                GpuContext gpu = GpuContext.Current;
                int[] input = [.. Enumerable.Range(0, 256)];
                var launch = gpu.LoadKernel<Index1D, ArrayView<int>, int>(TestKernels.AddConstant);
                MemoryBuffer1D<int, Stride1D.Dense> buffer = gpu.Allocate1D(input);
                for (int i = 0; i < 3; i++)
                {
                    launch((int)buffer.Length, buffer.View, value);
                }

                gpu.Synchronize();
                return (buffer.GetAsArray1D(gpu.Stream), gpu.Generation.LoadCount);
            },
            "add-constant",
            new TaskOptions { NumGpus = 0.25, NumCpus = 0.25 });

        ObjectRef<(int[] Result, int Loads)>[] refs = [.. Enumerable.Range(1, 32).Select(v => add.Remote(v))];
        (int[] Result, int Loads)[] results = ray.Get(refs, Guard);

        int[] input = [.. Enumerable.Range(0, 256)];
        Assert.Multiple(() =>
        {
            for (int v = 1; v <= 32; v++)
            {
                Assert.That(results[v - 1].Result, Is.EqualTo(TestKernels.AddConstantReference(input, 3 * v)), $"task {v}");
            }

            Assert.That(results.Select(r => r.Loads), Is.All.EqualTo(1));
        });
    }

    [Test]
    public void Get_GpuTaskWaitsOnGpuTaskOfSameDevice_CompletesWithoutDeadlock()
    {
        using GpuRayRuntime ray = GpuTestRuntime.Start(cpus: 2);
        var inner = ray.Remote<int, int>(
            v =>
            {
                GpuContext gpu = GpuContext.Current;
                var launch = gpu.LoadKernel<Index1D, ArrayView<int>, int>(TestKernels.AddConstant);
                MemoryBuffer1D<int, Stride1D.Dense> buffer = gpu.Allocate1D(new int[8]);
                launch(8, buffer.View, v);
                gpu.Synchronize();
                return buffer.GetAsArray1D(gpu.Stream).Sum();
            },
            "inner",
            new TaskOptions { NumGpus = 0.25 });
        var outer = ray.Remote<int, int>(
            v =>
            {
                GpuContext gpu = GpuContext.Current;
                MemoryBuffer1D<int, Stride1D.Dense> mine = gpu.Allocate1D(new[] { v });
                int child = ray.Get(inner.Remote(v), Guard);
                return child + mine.GetAsArray1D(gpu.Stream)[0];
            },
            "outer",
            new TaskOptions { NumGpus = 0.25 });

        int[] results = ray.Get([outer.Remote(1), outer.Remote(2)], Guard);

        Assert.That(results, Is.EqualTo(new[] { 9, 18 }));
    }

    [Test]
    public void LoadGroupedKernel_LaunchFails_FailsNamingDeviceAndKernelThenDeviceServesNextTask()
    {
        using GpuRayRuntime ray = GpuTestRuntime.Start();
        var run = ray.Remote<int, int[]>(
            groupSize =>
            {
                GpuContext gpu = GpuContext.Current;
                var launch = gpu.LoadGroupedKernel<ArrayView<int>>(TestKernels.AddOneGrouped);
                MemoryBuffer1D<int, Stride1D.Dense> buffer = gpu.Allocate1D(new[] { 10, 20, 30, 40 });
                launch(new KernelConfig(1, groupSize), buffer.View);
                gpu.Synchronize();
                return buffer.GetAsArray1D(gpu.Stream);
            },
            "grouped",
            new TaskOptions { NumGpus = 1, MaxRetries = 0 });

        // Far more threads per group than any device allows: the launch fails.
        var failure = Assert.Throws<TaskFailedException>(() => ray.Get(run.Remote(1 << 20), Guard));
        var fault = failure.InnerException as GpuTaskException;
        Assert.That(fault, Is.Not.Null, failure.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(fault!.KernelName, Is.EqualTo("TestKernels.AddOneGrouped"));
            Assert.That(fault.Device.Index, Is.Zero);
            Assert.That(fault.Message, Does.Contain("TestKernels.AddOneGrouped").And.Contain("GPU 0").And.Contain("CpuFallback").And.Contain("'grouped'"));
        });

        Assert.That(ray.Get(run.Remote(4), Guard), Is.EqualTo(new[] { 11, 21, 31, 41 }));
    }

    [Test]
    public void LoadKernel_KernelDoesNotCompile_FailsNamingKernelAndDeviceStaysUsable()
    {
        using GpuRayRuntime ray = GpuTestRuntime.Start();
        var bad = ray.Remote(
            () =>
            {
                _ = GpuContext.Current.LoadKernel<Index1D, ArrayView<int>>(TestKernels.Throws);
                return 0;
            },
            "bad-kernel",
            new TaskOptions { NumGpus = 1, MaxRetries = 0 });
        var good = GpuTestRuntime.AddOneTask(ray, "good-kernel");

        var failure = Assert.Throws<TaskFailedException>(() => ray.Get(bad.Remote(), Guard));
        Assert.That(failure.InnerException, Is.TypeOf<GpuTaskException>().With.Property(nameof(GpuTaskException.KernelName)).EqualTo("TestKernels.Throws"));
        Assert.That(ray.Get(good.Remote(), Guard), Is.EqualTo(new[] { 2, 3 }));
    }

    [Test]
    public void Allocate1D_BeyondGpuMemoryRequest_FailsWithClearError()
    {
        using GpuRayRuntime ray = GpuTestRuntime.Start();
        var greedy = ray.Remote(
            () => GpuContext.Current.Allocate1D<byte>(2L << 20).Length,
            "greedy",
            new TaskOptions { NumGpus = 0.5, GpuMemory = 1L << 20, MaxRetries = 0 });

        var failure = Assert.Throws<TaskFailedException>(() => ray.Get(greedy.Remote(), Guard));
        Assert.That(failure.InnerException, Is.TypeOf<GpuTaskException>());
        Assert.That(failure.InnerException!.Message, Does.Contain("2,097,152 bytes").And.Contain("GpuMemory request is 1,048,576 bytes").And.Contain("GPU 0"));
    }

    [Test]
    public void Allocate1D_BeyondFallbackMemory_FailsInsteadOfHanging()
    {
        using GpuRayRuntime ray = GpuTestRuntime.Start();
        var greedy = ray.Remote(
            () => GpuContext.Current.Allocate1D<long>(GpuTestRuntime.FallbackMemory).Length,
            "beyond-device",
            new TaskOptions { NumGpus = 1, MaxRetries = 0 });

        var failure = Assert.Throws<TaskFailedException>(() => ray.Get(greedy.Remote(), Guard));
        Assert.That(failure.InnerException, Is.TypeOf<GpuTaskException>());
        Assert.That(failure.InnerException!.Message, Does.Contain("the device has 67,108,864 bytes"));
    }

    [Test]
    public void Allocate1D_OtherTaskHoldsMemory_OnlyTheRestIsAvailable()
    {
        using GpuRayRuntime ray = GpuTestRuntime.Start();
        using var holding = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var hold = ray.Remote(
            () =>
            {
                GpuContext.Current.Allocate1D<byte>(48L << 20);
                holding.Set();
                gate.Wait();
                return 0;
            },
            "hold-48MiB",
            new TaskOptions { NumGpus = 0.5 });
        var probe = ray.Remote(
            () =>
            {
                GpuContext gpu = GpuContext.Current;
                long before = gpu.AvailableBytes;
                using (gpu.Allocate1D<byte>(1L << 20))
                {
                }

                return (before, gpu.AllocatedBytes, Fits: Fits(() => gpu.Allocate1D<byte>(32L << 20)));
            },
            "probe",
            new TaskOptions { NumGpus = 0.5, MaxRetries = 0 });

        ObjectRef<int> held = hold.Remote();
        Assert.That(holding.Wait(Guard), Is.True, "phase: the holder should have allocated");
        (long before, long allocatedAfterDispose, bool fits) = ray.Get(probe.Remote(), Guard);
        gate.Set();
        ray.Get(held, Guard);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo(16L << 20));
            Assert.That(allocatedAfterDispose, Is.Zero);
            Assert.That(fits, Is.False);
        });
    }

    [Test]
    public void Allocate1D_TaskThrows_BuffersAreFreedAndMemoryReturned()
    {
        using GpuRayRuntime ray = GpuTestRuntime.Start();
        var buffers = new List<MemoryBuffer>();
        var leaky = ray.Remote<int>(
            () =>
            {
                GpuContext gpu = GpuContext.Current;
                buffers.Add(gpu.Allocate1D<int>(1024));
                buffers.Add(gpu.Allocate1D(new float[16]));
                throw new InvalidOperationException("task body failed");
            },
            "leaky",
            new TaskOptions { NumGpus = 1, MaxRetries = 0 });
        var available = ray.Remote(() => GpuContext.Current.AvailableBytes, "available", new TaskOptions { NumGpus = 1 });

        Assert.Throws<TaskFailedException>(() => ray.Get(leaky.Remote(), Guard));

        Assert.Multiple(() =>
        {
            Assert.That(buffers, Has.Count.EqualTo(2));
            Assert.That(buffers, Is.All.Matches<MemoryBuffer>(b => b!.IsDisposed));
            Assert.That(ray.Get(available.Remote(), Guard), Is.EqualTo(GpuTestRuntime.FallbackMemory));
        });
    }

    [Test]
    public void Stream_AfterTaskEnded_ThrowsObjectDisposed()
    {
        using GpuRayRuntime ray = GpuTestRuntime.Start();
        var escape = ray.Remote(() => GpuContext.Current, "escape", new TaskOptions { NumGpus = 1 });
        var next = ray.Remote(() => 0, "next", new TaskOptions { NumGpus = 1 });

        GpuContext escaped = ray.Get(escape.Remote(), Guard);

        // Get may return before the attempt has let go of its device; a task that needs the whole device cannot.
        ray.Get(next.Remote(), Guard);

        Assert.Throws<ObjectDisposedException>(() => _ = escaped.Stream);
    }

    private static bool Fits(Action allocate)
    {
        try
        {
            allocate();
            return true;
        }
        catch (GpuTaskException)
        {
            return false;
        }
    }
}
