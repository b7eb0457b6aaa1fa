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
        SteppedNode node = RestartOnSteppedNode();
        RunAndDropLargeResult(node, out long usedWhileHeld);
        Assert.That(usedWhileHeld, Is.EqualTo(40_000));

        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.That(Ray.ObjectStore.UsedBytes, Is.Zero);
    }

    [Test]
    public void Remote_ParentRefHeld_ItsChildrensLargeResultsAreFreedOnceItEnded()
    {
        SteppedNode node = RestartOnSteppedNode();
        ObjectRef<int> parent = RunParentOfLargeChildren(node);

        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.That(Ray.ObjectStore.UsedBytes, Is.Zero, "the ended parent does not keep its children (their results) reachable");
        GC.KeepAlive(parent);
    }

    [Test]
    public void Remote_RunningParent_DoesNotKeepItsEndedChildrensResults()
    {
        SteppedNode node = RestartOnSteppedNode();
        var child = Ray.Remote(() => new int[10_000], name: "large-child");
        var parent = Ray.Remote(
            () =>
            {
                // The child is dispatched to the node, and this Get (no timeout) takes it and runs it inline.
                GetAndDrop(child);
                GC.Collect();
                GC.WaitForPendingFinalizers();
                return Ray.ObjectStore.UsedBytes;
            },
            name: "driver");

        ObjectRef<long> used = parent.Remote();
        Assert.That(node.RunNext(), Is.True);
        Assert.That(Ray.Get(used, TimeSpan.Zero), Is.Zero);
    }

    [Test]
    public void Remote_ChildOutlivesItsEndedParent_DoesNotKeepTheParentsResult()
    {
        SteppedNode node = RestartOnSteppedNode();
        ObjectRef<int> child = RunParentThatLeavesItsChildPending(node);

        GC.Collect();
        GC.WaitForPendingFinalizers();

        long usedWhileChildPending = Ray.ObjectStore.UsedBytes;
        Assert.That(node.RunNext(), Is.True);
        Assert.That(Ray.Get(child, TimeSpan.Zero), Is.EqualTo(1));
        Assert.That(usedWhileChildPending, Is.Zero, "the pending child does not keep its ended parent (and its result) reachable");
    }

    [Test]
    public void Remote_ParentsWaitersWake_TheParentHasLetGoOfItsPendingChild()
    {
        SteppedNode node = RestartOnSteppedNode();
        var submitted = new TaskCompletionSource<ObjectRef<int>>();

        ObjectRef<int[]> parentRef = ShortParentOfAPendingChild(submitted).Remote();
        var probe = new ParentLinkProbe(submitted.Task);
        Assert.That(parentRef.TryAddWaiter(probe), Is.True);
        Assert.That(node.RunNext(), Is.True);

        Assert.That(probe.ChildHadParentWhenWoken, Is.False, "a waiter woken by the parent's result finds its run let go of");
        Assert.That(node.RunNext(), Is.True);
        Assert.That(Ray.Get(submitted.Task.Result, TimeSpan.Zero), Is.EqualTo(1));
    }

    [Test]
    public void Remote_CustomResourceTaskThatWaitedInItsQueue_IsNotKeptByTheQueue()
    {
        SteppedNode node = RestartOnSteppedNode(Options with { Resources = new Dictionary<string, double> { ["r"] = 1 } });
        RunBehindHolderAndDrop(node);

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
    private ObjectRef<int> RunParentOfLargeChildren(SteppedNode node)
    {
        // The parent runs inline in this Get (no timeout), and its children inline in its own Get.
        var child = Ray.Remote(() => new int[10_000], name: "large-child");
        ObjectRef<int> parent = Ray.Remote(() => Ray.Get([child.Remote(), child.Remote()]).Sum(a => a.Length), name: "parent").Remote();
        Assert.That(Ray.Get(parent), Is.EqualTo(20_000));
        Assert.That(node.Waiting, Is.EqualTo(3), "the three tasks were dispatched to the node, and ran inline");
        return parent;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GetAndDrop(RemoteFunction<int[]> child) => Assert.That(Ray.Get(child.Remote()), Has.Length.EqualTo(10_000));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RunBehindHolderAndDrop(SteppedNode node)
    {
        var needsR = new TaskOptions { Resources = new Dictionary<string, double> { ["r"] = 1 } };
        var holder = Ray.Remote(() => 0, "holder", needsR);
        var large = Ray.Remote(() => new int[10_000], "large-behind", needsR);

        ObjectRef<int> held = holder.Remote();
        ObjectRef<int[]> queued = large.Remote();
        Assert.That(node.Waiting, Is.EqualTo(1), "only the holder is dispatched: the large task waits in its queue for r");
        while (node.RunNext())
        {
        }

        Assert.That(Ray.Get(queued, TimeSpan.Zero), Has.Length.EqualTo(10_000));
        Assert.That(Ray.Get(held, TimeSpan.Zero), Is.Zero);
    }

    /// <summary>Runs a parent that submits a child and ends before it: the child stays dispatched, not run.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ObjectRef<int> RunParentThatLeavesItsChildPending(SteppedNode node)
    {
        var submitted = new TaskCompletionSource<ObjectRef<int>>();

        ObjectRef<int[]> parentRef = ShortParentOfAPendingChild(submitted).Remote();
        Assert.That(node.RunNext(), Is.True);
        Assert.That(Ray.Get(parentRef, TimeSpan.Zero), Has.Length.EqualTo(10_000));
        Assert.That(submitted.Task.Result.IsCompleted, Is.False, "the child outlives its parent");
        return submitted.Task.Result;
    }

    /// <summary>A parent that submits a child, hands out the child's ref, and returns a large result at once.</summary>
    private RemoteFunction<int[]> ShortParentOfAPendingChild(TaskCompletionSource<ObjectRef<int>> submitted)
    {
        var child = Ray.Remote(() => 1, name: "pending-child");
        return Ray.Remote(
            () =>
            {
                submitted.SetResult(child.Remote());
                return new int[10_000];
            },
            name: "short-parent");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PutAndDrop() => Ray.Put(new byte[900_000]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RunAndDropLargeResult(SteppedNode node, out long usedWhileHeld)
    {
        ObjectRef<int[]> result = Ray.Remote(() => new int[10_000]).Remote();
        Assert.That(node.RunNext(), Is.True);
        Ray.Get(result, TimeSpan.Zero);
        usedWhileHeld = Ray.ObjectStore.UsedBytes;
    }

    /// <summary>Woken inside the parent's publication: reads, at that moment, whether the child still names a parent.</summary>
    private sealed class ParentLinkProbe(Task<ObjectRef<int>> child) : IObjectWaiter
    {
        public bool? ChildHadParentWhenWoken { get; private set; }

        public void OnObjectCompleted(ObjectRef completed) => ChildHadParentWhenWoken = child.Result.ParentTask is not null;
    }

    private sealed class ThrowingScope : IDisposable
    {
        public void Dispose() => throw new InvalidOperationException("device scope failed");
    }
}
