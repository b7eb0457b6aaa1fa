using GpuRay.Core.Tests.Support;
using GpuRay.Errors;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Runtime;
using GpuRay.Scheduling;

namespace GpuRay.Core.Tests.Runtime;

public sealed class GpuRayRuntimeFreeTests : RuntimeFixture
{
    protected override RuntimeOptions Options => new() { NumCpus = 2, InlineObjectBytes = 1024 };

    [Test]
    public void Free_ReadyPut_GetThrowsObjectFreedNamingTheObject()
    {
        ObjectRef<int[]> data = Ray.Put(new int[10]);

        Ray.Free(data);

        var error = Assert.Throws<ObjectFreedException>(() => Ray.Get(data));
        Assert.That(error!.ObjectId, Is.EqualTo(data.Id));
        Assert.That(error.TaskName, Is.Null);
        Assert.That(error.Message, Does.Contain($"Object {data.Id} (a Put) was freed"));
        Assert.That(data.State, Is.EqualTo(ObjectState.Failed));
    }

    [Test]
    public async Task Free_FinishedTaskResult_AwaitThrowsNamingTheTask()
    {
        var make = Ray.Remote(() => new int[10], name: "make-ten");
        ObjectRef<int[]> result = make.Remote();
        Assert.That(Ray.Get(result), Has.Length.EqualTo(10));

        Ray.Free([result]);

        var error = await Assert.ThrowsAsync<ObjectFreedException>(async () => await result);
        Assert.That(error!.ObjectId, Is.EqualTo(result.Id));
        Assert.That(error.TaskName, Is.EqualTo("make-ten"));
        Assert.That(error.Message, Does.Contain($"the result of task 'make-ten', id {result.Id}"));
    }

    [Test]
    public async Task Free_AfterAnAwait_LaterAwaitFails()
    {
        ObjectRef<int[]> data = Ray.Put(new int[3]);
        Assert.That(await data, Has.Length.EqualTo(3));

        Ray.Free(data);

        await Assert.ThrowsAsync<ObjectFreedException>(async () => await data);
    }

    [Test]
    public void Free_CountedObject_StoreBytesDropAtOnce()
    {
        ObjectRef<double[]> data = Ray.Put(new double[1000]);
        ObjectRef<double[]> kept = Ray.Put(new double[500]);
        Assert.That(Ray.ObjectStore.UsedBytes, Is.EqualTo(12_000));

        Ray.Free(data);

        Assert.That(Ray.ObjectStore.UsedBytes, Is.EqualTo(4000), "without a collection");
        Assert.That(Ray.ObjectStore.ObjectCount, Is.EqualTo(1));
        Assert.That(Ray.Get(kept), Has.Length.EqualTo(500));
    }

    [Test]
    public void Free_Twice_SecondDoesNothing()
    {
        ObjectRef<double[]> data = Ray.Put(new double[1000]);
        ObjectRef<double[]> kept = Ray.Put(new double[500]);

        Ray.Free(data, data);
        Ray.Free(data);

        Assert.That(Ray.ObjectStore.UsedBytes, Is.EqualTo(4000));
        GC.KeepAlive(kept);
    }

    [Test]
    public void Free_NullElement_ThrowsNamingTheIndex()
    {
        ObjectRef<int> data = Ray.Put(1);

        var error = Assert.Throws<ArgumentException>(() => Ray.Free([data, null!]));

        Assert.That(error!.Message, Does.Contain("null at index 1"));
    }

    [Test]
    public void Free_ArgumentOfAQueuedTask_TaskFailsWithoutRetryAndWithoutRunningItsBody()
    {
        SteppedNode node = RestartOnSteppedNode();
        int bodies = 0;
        var sum = Ray.Remote(
            (double[] values) =>
            {
                Interlocked.Increment(ref bodies);
                return values.Sum();
            },
            name: "sum",
            options: new TaskOptions { MaxRetries = 3, RetryExceptions = true });
        ObjectRef<double[]> data = Ray.Put(new double[1000]);
        ObjectRef<double> total = sum.Remote(data);
        Assert.That(GpuRayRuntime.GetTaskState(total), Is.EqualTo(TaskState.Dispatched), "ready, not started");

        Ray.Free(data);
        while (node.RunNext())
        {
        }

        var error = Assert.Throws<TaskFailedException>(() => Ray.Get(total));
        Assert.That(error!.TaskName, Is.EqualTo("sum"));
        Assert.That(error.InnerException, Is.TypeOf<ObjectFreedException>().With.Property(nameof(ObjectFreedException.ObjectId)).EqualTo(data.Id));
        Assert.That(bodies, Is.Zero);
        Assert.That(Ray.Timeline.Snapshot().Count(e => e.TaskId == total.Id), Is.EqualTo(1), "a freed argument stays freed: no retry");
    }

    [Test]
    public void Free_UnfinishedTask_DependentsFailAtOnceAndTheResultIsDroppedWhenItArrives()
    {
        SteppedNode node = RestartOnSteppedNode();
        var make = Ray.Remote(() => new double[1000], name: "make");
        var length = Ray.Remote((double[] values) => values.Length, name: "length");
        ObjectRef<double[]> made = make.Remote();
        ObjectRef<int> dependent = length.Remote(made);
        Assert.That(GpuRayRuntime.GetTaskState(dependent), Is.EqualTo(TaskState.WaitingForDependencies));

        Ray.Free(made);

        var failed = Assert.Throws<TaskFailedException>(() => Ray.Get(dependent));
        var error = failed!.GetBaseException() as ObjectFreedException;
        Assert.That(error, Is.Not.Null, "the dependent's error keeps the Free as its base exception");
        Assert.That(error!.ObjectId, Is.EqualTo(made.Id));
        Assert.That(error.TaskName, Is.EqualTo("make"));
        Assert.Throws<ObjectFreedException>(() => Ray.Get(made));

        // Free is not a cancel: the task still runs, and what it returns is not kept.
        Assert.That(node.RunNext(), Is.True);
        Assert.That(Ray.TaskCounts.Finished, Is.EqualTo(1));
        Assert.That(Ray.ObjectStore.UsedBytes, Is.Zero);
        Assert.Throws<ObjectFreedException>(() => Ray.Get(made));
    }
}
