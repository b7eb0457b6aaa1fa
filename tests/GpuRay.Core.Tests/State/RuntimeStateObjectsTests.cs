using GpuRay.Core.Tests.Support;
using GpuRay.Objects;
using GpuRay.Runtime;
using GpuRay.State;

namespace GpuRay.Core.Tests.State;

public sealed class RuntimeStateObjectsTests : RuntimeFixture
{
    protected override RuntimeOptions Options => new() { NumCpus = 1, InlineObjectBytes = 1024 };

    [Test]
    public void ListObjects_PutResultAndPendingTasks_ShowCountsSizeLocationAndCreator()
    {
        using var started = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var make = Ray.Remote(() => new double[500], name: "make");
        var blocking = Ray.Remote(() => { started.Set(); gate.Wait(); return 0; }, name: "blocking");
        var total = Ray.Remote((double[] a, double[] b) => a.Length + b.Length, name: "total");
        ObjectRef<double[]> put = Ray.Put(new double[1000]);
        ObjectRef<int> smallPut = Ray.Put(7);
        ObjectRef<double[]> made = make.Remote();
        ObjectRef<int> smallResult = Ray.Remote(() => 7, name: "seven").Remote();
        Ray.Get(made);
        Ray.Get(smallResult);
        ObjectRef<int> running = blocking.Remote();
        started.Wait();
        ObjectRef<int> queued = total.Remote(put, put);
        ObjectRef<int> waiting = total.Remote(made, put);

        Dictionary<long, ObjectInfo> objects;
        try
        {
            objects = Ray.State.ListObjects().ToDictionary(o => o.Id);
        }
        finally
        {
            gate.Set();
        }

        ObjectInfo putInfo = objects[put.Id];
        Assert.That(putInfo.Creator, Is.EqualTo("put"));
        Assert.That(putInfo.CreatorTaskId, Is.Null);
        Assert.That(putInfo.SizeBytes, Is.EqualTo(8000));
        Assert.That(putInfo.CountedInStore, Is.True);
        Assert.That(putInfo.Locations, Is.EqualTo(ObjectLocations.InProcess));
        Assert.That(putInfo.PendingTaskArguments, Is.EqualTo(3), "twice by one queued task, once by another");
        Assert.That(putInfo.ValueType, Is.EqualTo(typeof(double[])));
        Assert.That(putInfo.State, Is.EqualTo(ObjectState.Ready));

        ObjectInfo madeInfo = objects[made.Id];
        Assert.That(madeInfo.Creator, Is.EqualTo("make"));
        Assert.That(madeInfo.CreatorTaskId, Is.EqualTo(made.Id));
        Assert.That(madeInfo.SizeBytes, Is.EqualTo(4000));
        Assert.That(madeInfo.PendingTaskArguments, Is.EqualTo(1));
        Assert.That(madeInfo.PendingResult, Is.False);

        ObjectInfo runningInfo = objects[running.Id];
        Assert.That(runningInfo.State, Is.EqualTo(ObjectState.Pending));
        Assert.That(runningInfo.PendingResult, Is.True);
        Assert.That(runningInfo.SizeBytes, Is.Null);
        Assert.That(runningInfo.Locations, Is.EqualTo(ObjectLocations.None));
        Assert.That(objects[queued.Id].PendingResult, Is.True);
        Assert.That(objects[waiting.Id].PendingResult, Is.True);
        Assert.That(objects[smallPut.Id].CountedInStore, Is.True, "every Put is counted");
        Assert.That(objects[smallPut.Id].SizeBytes, Is.EqualTo(4));
        Assert.That(objects.ContainsKey(smallResult.Id), Is.False, "a small result only the application holds is not tracked");

        Assert.That(Ray.Get([running, queued, waiting]), Is.EqualTo(new[] { 0, 2000, 1500 }));
    }

    [Test]
    public void ListObjects_FreedArgumentOfAQueuedTask_ShowsItFreedAndHeld()
    {
        using var started = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var blocking = Ray.Remote(() => { started.Set(); gate.Wait(); return 0; }, name: "blocking");
        var length = Ray.Remote((double[] a) => a.Length, name: "length");
        ObjectRef<double[]> put = Ray.Put(new double[1000]);
        ObjectRef<int> running = blocking.Remote();
        started.Wait();
        ObjectRef<int> queued = length.Remote(put);

        Ray.Free(put);
        ObjectInfo info;
        try
        {
            info = Ray.State.ListObjects().Single(o => o.Id == put.Id);
        }
        finally
        {
            gate.Set();
        }

        Assert.That(info.Freed, Is.True);
        Assert.That(info.State, Is.EqualTo(ObjectState.Failed));
        Assert.That(info.SizeBytes, Is.Null);
        Assert.That(info.CountedInStore, Is.False);
        Assert.That(info.Locations, Is.EqualTo(ObjectLocations.None));
        Assert.That(info.PendingTaskArguments, Is.EqualTo(1));
        Ray.Get(running);
        Assert.Throws<GpuRay.Errors.TaskFailedException>(() => Ray.Get(queued));
    }

    [Test]
    public void ListObjects_CountedObjectNoLongerReachable_IsGoneAfterACollection()
    {
        PutAndDrop();
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.That(Ray.State.ListObjects(), Is.Empty);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void PutAndDrop() => Ray.Put(new double[1000]);
}
