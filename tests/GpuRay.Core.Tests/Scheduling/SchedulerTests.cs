using System.Collections.Concurrent;

using GpuRay.Core.Tests.Support;
using GpuRay.Errors;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Runtime;
using GpuRay.Scheduling;

using Microsoft.Extensions.Logging;

namespace GpuRay.Core.Tests.Scheduling;

public sealed class SchedulerTests : RuntimeFixture
{
    private const long GiB = 1L << 30;

    [Test]
    public void Remote_MoreCpusThanTheNodeHas_FailsAtSubmitNamingTheAmounts()
    {
        var big = Ray.Remote(() => 1, name: "big", options: new TaskOptions { NumCpus = 3 });

        var error = Assert.Throws<InfeasibleTaskException>(() => big.Remote());
        Assert.That(error!.Message, Does.Contain("'big'").And.Contain("asks for 3 CPU").And.Contain("has 2 CPU"));
        Assert.That((error.Resource, error.Requested, error.Available), Is.EqualTo(("CPU", 3.0, 2.0)));
    }

    [Test]
    public void Remote_UnknownCustomResource_FailsAtSubmitNamingIt()
    {
        var needsSsd = Ray.Remote(() => 1, options: new TaskOptions { Resources = new Dictionary<string, double> { ["ssd"] = 1 } });

        var error = Assert.Throws<InfeasibleTaskException>(() => needsSsd.Remote());
        Assert.That((error!.Resource, error.Requested, error.Available), Is.EqualTo(("ssd", 1.0, 0.0)));
    }

    [Test]
    public void Remote_GpuOnACpuOnlyNode_FailsAtSubmit()
    {
        var gpu = Ray.Remote(() => 1, options: new TaskOptions { NumGpus = 1 });

        var error = Assert.Throws<InfeasibleTaskException>(() => gpu.Remote());
        Assert.That(error!.Message, Does.Contain("asks for 1 GPU").And.Contain("has 0 GPU"));
    }

    [Test]
    public void Remote_InfeasibleWithQueuePolicy_WaitsAndWarnsOnce()
    {
        Restart(new RuntimeOptions { NumCpus = 1, InfeasibleTasks = InfeasibleTaskPolicy.Queue });
        var big = Ray.Remote(() => 1, name: "big", options: new TaskOptions { NumCpus = 2 });

        ObjectRef<int> first = big.Remote();
        big.Remote();

        Assert.That(GpuRayRuntime.GetTaskState(first), Is.EqualTo(TaskState.Queued));
        Assert.That(Log.At(LogLevel.Warning).Count(m => m.Contains("'big'", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public void Schedule_GpuTaskQueuedBehindCpuWork_RunsFirstWhenACpuFrees()
    {
        Restart(new RuntimeOptions { NumCpus = 1, DeviceProvider = _ => new FakeDevices(GiB) });
        var gate = new TaskCompletionSource<int>();
        var order = new ConcurrentQueue<string>();
        ObjectRef<int> busy = Ray.Remote(() => gate.Task.Result).Remote();
        var cpu = Ray.Remote((int i) => { order.Enqueue("cpu"); return i; });
        ObjectRef<int>[] cpuWork = [.. Enumerable.Range(0, 20).Select(i => cpu.Remote(i))];
        ObjectRef<int> gpuWork = Ray.Remote(() => { order.Enqueue("gpu"); return 1; }, options: new TaskOptions { NumGpus = 1 }).Remote();

        gate.SetResult(0);
        Ray.Get(cpuWork);
        Ray.Get(gpuWork);

        Assert.That(order.First(), Is.EqualTo("gpu"));
        Assert.That(order, Has.Count.EqualTo(21));
        GC.KeepAlive(busy);
    }

    [Test]
    public void Schedule_FractionalGpus_PackOneDeviceBeforeTheNext()
    {
        Restart(new RuntimeOptions { NumCpus = 8, DeviceProvider = _ => new FakeDevices(GiB, GiB) });
        var gate = new TaskCompletionSource<int>();
        var quarter = Ray.Remote(() => gate.Task.Result + TaskContext.Current!.GpuIds.Single(), options: new TaskOptions { NumGpus = 0.25, NumCpus = 0 });

        ObjectRef<int>[] held = [.. Enumerable.Range(0, 5).Select(_ => quarter.Remote())];
        WaitUntilActive(5);

        Assert.That(Ray.DeviceAvailability().Select(d => d.SlotFree), Is.EqualTo(new[] { 0.0, 0.75 }));
        Assert.That(Ray.AvailableResources()["GPU"], Is.EqualTo(0.75));
        gate.SetResult(0);
        Assert.That(Ray.Get(held), Is.EqualTo(new[] { 0, 0, 0, 0, 1 }));
        Assert.That(Ray.AvailableResources()["GPU"], Is.EqualTo(2));
    }

    [Test]
    public void Schedule_SpreadStrategy_UsesTheEmptiestDevice()
    {
        Restart(new RuntimeOptions { NumCpus = 8, DeviceProvider = _ => new FakeDevices(GiB, GiB) });
        var gate = new TaskCompletionSource<int>();
        var quarter = Ray.Remote(
            () => gate.Task.Result + TaskContext.Current!.GpuIds.Single(),
            options: new TaskOptions { NumGpus = 0.25, NumCpus = 0, SchedulingStrategy = SchedulingStrategy.Spread });

        ObjectRef<int>[] held = [.. Enumerable.Range(0, 4).Select(_ => quarter.Remote())];
        WaitUntilActive(4);
        gate.SetResult(0);

        Assert.That(Ray.Get(held), Is.EqualTo(new[] { 0, 1, 0, 1 }));
    }

    [Test]
    public void Schedule_GpuMemory_LandsOnlyOnADeviceWithThatMuchFree()
    {
        Restart(new RuntimeOptions { NumCpus = 4, DeviceProvider = _ => new FakeDevices(2 * GiB, 4 * GiB) });
        var big = Ray.Remote(() => TaskContext.Current!.GpuIds.Single(), options: new TaskOptions { GpuMemory = 3 * GiB });
        var tooBig = Ray.Remote(() => 0, options: new TaskOptions { GpuMemory = 5 * GiB });

        Assert.That(Ray.Get(big.Remote()), Is.EqualTo(1));
        var error = Assert.Throws<InfeasibleTaskException>(() => tooBig.Remote());
        Assert.That(error!.Resource, Is.EqualTo("GpuMemory"));
    }

    [Test]
    public void TaskContext_InsideATask_DescribesIt()
    {
        Restart(new RuntimeOptions { NumCpus = 2, DeviceProvider = _ => new FakeDevices(GiB) });
        var describe = Ray.Remote(
            () => TaskContext.Current is { } c ? (c.TaskId, c.Name, c.AssignedResources["GPU"], c.GpuIds.Single(), c.Devices[0].Name) : default,
            name: "describe",
            options: new TaskOptions { NumGpus = 0.5 });

        ObjectRef<(long, string, double, int, string)> result = describe.Remote();

        Assert.That(Ray.Get(result), Is.EqualTo((result.Id, "describe", 0.5, 0, "fake0")));
        Assert.That(TaskContext.Current, Is.Null);
    }

    [Test]
    public void Remote_ManySmallTasks_WarnsOnceThatOverheadDominates()
    {
        Restart(new RuntimeOptions { NumCpus = 2, SmallTaskSampleSize = 50 });
        var tiny = Ray.Remote((int x) => x, name: "tiny");

        Ray.Get(Enumerable.Range(0, 200).Select(i => tiny.Remote(i)));

        Assert.That(Log.At(LogLevel.Warning).Count(m => m.Contains("'tiny'", StringComparison.Ordinal) && m.Contains("overhead", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public void Remote_TasksAboveTheThreshold_DoNotWarn()
    {
        Restart(new RuntimeOptions { NumCpus = 2, SmallTaskSampleSize = 50, SmallTaskThreshold = TimeSpan.Zero });
        var tiny = Ray.Remote((int x) => x, name: "tiny");

        Ray.Get(Enumerable.Range(0, 200).Select(i => tiny.Remote(i)));

        Assert.That(Log.At(LogLevel.Warning), Is.Empty);
    }

    [Test]
    public void Dispose_DisposesTheDeviceProvider()
    {
        var devices = new FakeDevices(GiB);
        Restart(new RuntimeOptions { NumCpus = 1, DeviceProvider = _ => devices });

        Ray.Dispose();

        Assert.That(devices.Disposed, Is.True);
    }

    [Test]
    public async Task Dispose_InsideOneOfItsTasks_ReturnsAndTheShutdownEndsWithThatTask()
    {
        var devices = new FakeDevices(GiB);
        Restart(new RuntimeOptions { NumCpus = 2, DeviceProvider = _ => devices });
        var returned = new TaskCompletionSource<(bool DevicesDisposed, bool Cancelled)>();
        ObjectRef<int> self = Ray.Remote(
            () =>
            {
                Ray.Dispose();
                returned.SetResult((devices.Disposed, TaskContext.Current!.CancellationToken.IsCancellationRequested));
                return 1;
            },
            name: "disposes-its-runtime").Remote();

        Assert.That(returned.Task.Wait(TimeSpan.FromMinutes(1)), Is.True, "Dispose returned inside the task");
        await Ray.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.That(returned.Task.Result, Is.EqualTo((false, true)), "inside, the devices were still there and the task's token was signalled");
        Assert.That(devices.Disposed, Is.True, "the shutdown ended once the task did");
        await Assert.ThrowsAsync<TaskCancelledException>(async () => await self);
    }

    [Test]
    public async Task DisposeAsync_CalledTwice_TheSecondWaitsForTheSameShutdown()
    {
        var started = new TaskCompletionSource();
        var gate = new TaskCompletionSource<int>();
        ObjectRef<int> busy = Ray.Remote(
            () =>
            {
                started.SetResult();
                return gate.Task.Result;
            },
            name: "ignores-its-token").Remote();
        Assert.That(started.Task.Wait(TimeSpan.FromMinutes(1)), Is.True);

        ValueTask first = Ray.DisposeAsync();
        ValueTask second = Ray.DisposeAsync();

        Assert.That(second.IsCompleted, Is.False, "the running task has not returned yet");
        gate.SetResult(1);
        await second;
        Assert.That(first.IsCompletedSuccessfully, Is.True);
        await Assert.ThrowsAsync<TaskCancelledException>(async () => await busy);
    }

    private void WaitUntilActive(int count)
    {
        // Dispatch is synchronous on submit when resources are free: the tasks hold their slots already.
        Assert.That(Ray.TaskCounts.Active, Is.EqualTo(count), "tasks holding resources right after submit");
    }
}
