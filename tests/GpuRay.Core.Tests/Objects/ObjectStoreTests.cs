using System.Runtime.CompilerServices;

using GpuRay.Core.Tests.Support;
using GpuRay.Errors;
using GpuRay.Functions;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Runtime;

namespace GpuRay.Core.Tests.Objects;

public sealed class ObjectStoreTests : RuntimeFixture
{
    private const long Limit = 1_000_000;

    protected override RuntimeOptions Options => new() { NumCpus = 2, ObjectStoreMemory = Limit, InlineObjectBytes = 1024 };

    [Test]
    public void Put_Array_CountsItsExactSize()
    {
        ObjectRef<double[]> data = Ray.Put(new double[1000]);
        ObjectRef<byte[]> bytes = Ray.Put(new byte[333]);

        Assert.That(Ray.ObjectStore.UsedBytes, Is.EqualTo(8000 + 333));
        Assert.That(Ray.ObjectStore.ObjectCount, Is.EqualTo(2));
        GC.KeepAlive(data);
        GC.KeepAlive(bytes);
    }

    [Test]
    public void Put_IsZeroCopy_TasksSeeTheSameInstance()
    {
        var value = new int[10];
        ObjectRef<int[]> data = Ray.Put(value);

        Assert.That(Ray.Get(Ray.Remote((int[] x) => ReferenceEquals(x, value)).Remote(data)), Is.True);
    }

    [Test]
    public void Put_OverTheLimit_ThrowsWithSizeUsedAndLimit()
    {
        ObjectRef<byte[]> held = Ray.Put(new byte[600_000]);

        var error = Assert.Throws<ObjectStoreFullException>(() => Ray.Put(new byte[500_000]));
        Assert.That(error!.Message, Does.Contain("500,000").And.Contain("600,000").And.Contain("1,000,000"));
        Assert.That(error.UsedBytes, Is.EqualTo(600_000));
        GC.KeepAlive(held);
    }

    [Test]
    public void Put_NoRefLeft_ObjectIsFreed()
    {
        PutAndDrop();
        Assert.That(Ray.ObjectStore.UsedBytes, Is.EqualTo(900_000), "while no collection has run");

        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.That(Ray.ObjectStore.UsedBytes, Is.Zero);
        Assert.That(Ray.ObjectStore.ObjectCount, Is.Zero);
    }

    [Test]
    public void Put_OverTheLimitWithUnreachableObjects_FreesThemAndFits()
    {
        PutAndDrop();

        ObjectRef<byte[]> second = Ray.Put(new byte[900_000]);

        Assert.That(Ray.ObjectStore.UsedBytes, Is.EqualTo(900_000));
        GC.KeepAlive(second);
    }

    [Test]
    public void Remote_LargeResult_IsCountedUntilItsRefIsCollected()
    {
        RunAndDropLargeResult(out long usedWhileHeld);
        Assert.That(usedWhileHeld, Is.EqualTo(40_000));

        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.That(Ray.ObjectStore.UsedBytes, Is.Zero);
    }

    [Test]
    public void Remote_ParentRefHeld_ItsChildrensLargeResultsAreFreedOnceItEnded()
    {
        ObjectRef<int> parent = RunParentOfLargeChildren();

        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.That(Ray.ObjectStore.UsedBytes, Is.Zero, "the ended parent does not keep its children (their results) reachable");
        GC.KeepAlive(parent);
    }

    [Test]
    public void Remote_RunningParent_DoesNotKeepItsEndedChildrensResults()
    {
        var child = Ray.Remote(() => new int[10_000], name: "large-child");
        var parent = Ray.Remote(
            () =>
            {
                GetAndDrop(child);
                GC.Collect();
                GC.WaitForPendingFinalizers();
                return Ray.ObjectStore.UsedBytes;
            },
            name: "driver");

        Assert.That(Ray.Get(parent.Remote(), TimeSpan.FromMinutes(1)), Is.Zero);
    }

    [Test]
    public void Remote_ChildOutlivesItsEndedParent_DoesNotKeepTheParentsResult()
    {
        var gate = new TaskCompletionSource();
        ObjectRef<int> child = RunParentThatLeavesAChildRunning(gate.Task);

        GC.Collect();
        GC.WaitForPendingFinalizers();

        long usedWhileChildRuns = Ray.ObjectStore.UsedBytes;
        gate.SetResult();
        Assert.That(Ray.Get(child, TimeSpan.FromMinutes(1)), Is.EqualTo(1));
        Assert.That(usedWhileChildRuns, Is.Zero, "the running child does not keep its ended parent (and its result) reachable");
    }

    [Test]
    public void Remote_CustomResourceTaskThatWaitedInItsQueue_IsNotKeptByTheQueue()
    {
        Restart(Options with { Resources = new Dictionary<string, double> { ["r"] = 1 } });
        RunBehindHolderAndDrop();

        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.That(Ray.ObjectStore.UsedBytes, Is.Zero, "the queue let go of the task (its result's ref) once it was dispatched");
    }

    [Test]
    public void Remote_FailsAfterItsLargeValueWasCounted_FailedRefGivesTheBytesBack()
    {
        // The body returns and its value is counted; then the device scope fails on the way out.
        var devices = new FakeDevices(1 << 20) { OnEnter = _ => new ThrowingScope() };
        Restart(Options with { DeviceProvider = _ => devices });
        var large = Ray.Remote(() => new int[10_000], "large-then-system-failure", new TaskOptions { NumGpus = 1, MaxRetries = 0 });

        ObjectRef<int[]> failed = large.Remote();

        Assert.Throws<TaskFailedException>(() => Ray.Get(failed, TimeSpan.FromMinutes(1)));
        Assert.That(Ray.ObjectStore.UsedBytes, Is.Zero, "the failed ref, still held, no longer counts the value it dropped");
        GC.KeepAlive(failed);
    }

    [Test]
    public void Remote_SmallResult_TravelsInlineAndIsNotCounted()
    {
        Assert.That(Ray.Get(Ray.Remote(() => new int[10]).Remote()), Has.Length.EqualTo(10));
        Assert.That(Ray.ObjectStore.UsedBytes, Is.Zero);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ObjectRef<int> RunParentOfLargeChildren()
    {
        var child = Ray.Remote(() => new int[10_000], name: "large-child");
        ObjectRef<int> parent = Ray.Remote(() => Ray.Get([child.Remote(), child.Remote()]).Sum(a => a.Length), name: "parent").Remote();
        Assert.That(Ray.Get(parent), Is.EqualTo(20_000));
        return parent;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GetAndDrop(RemoteFunction<int[]> child) => Assert.That(Ray.Get(child.Remote()), Has.Length.EqualTo(10_000));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RunBehindHolderAndDrop()
    {
        var started = new TaskCompletionSource();
        var gate = new TaskCompletionSource();
        var needsR = new TaskOptions { Resources = new Dictionary<string, double> { ["r"] = 1 } };
        var holder = Ray.Remote(
            () =>
            {
                started.SetResult();
                gate.Task.Wait();
                return 0;
            },
            "holder",
            needsR);
        var large = Ray.Remote(() => new int[10_000], "large-behind", needsR);

        ObjectRef<int> held = holder.Remote();
        started.Task.Wait();
        ObjectRef<int[]> queued = large.Remote();
        gate.SetResult();

        Assert.That(Ray.Get(queued, TimeSpan.FromMinutes(1)), Has.Length.EqualTo(10_000));
        Assert.That(Ray.Get(held, TimeSpan.FromMinutes(1)), Is.Zero);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ObjectRef<int> RunParentThatLeavesAChildRunning(Task gate)
    {
        var started = new TaskCompletionSource<ObjectRef<int>>();
        var child = Ray.Remote(
            () =>
            {
                gate.Wait();
                return 1;
            },
            name: "outliving-child");
        var parent = Ray.Remote(
            () =>
            {
                started.SetResult(child.Remote());
                return new int[10_000];
            },
            name: "short-parent");

        Assert.That(Ray.Get(parent.Remote(), TimeSpan.FromMinutes(1)), Has.Length.EqualTo(10_000));
        return started.Task.Result;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PutAndDrop() => Ray.Put(new byte[900_000]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RunAndDropLargeResult(out long usedWhileHeld)
    {
        ObjectRef<int[]> result = Ray.Remote(() => new int[10_000]).Remote();
        Ray.Get(result);
        usedWhileHeld = Ray.ObjectStore.UsedBytes;
    }

    private sealed class ThrowingScope : IDisposable
    {
        public void Dispose() => throw new InvalidOperationException("device scope failed");
    }
}
