using GpuRay.Core.Tests.Support;
using GpuRay.Errors;
using GpuRay.Objects;
using GpuRay.Runtime;
using GpuRay.Scheduling;

namespace GpuRay.Core.Tests.Scheduling;

public sealed class CancellationTests : RuntimeFixture
{
    protected override RuntimeOptions Options => new() { NumCpus = 1 };

    [Test]
    public void Cancel_QueuedTask_NeverRunsAndGetThrowsCancelled()
    {
        var gate = new TaskCompletionSource<int>();
        int ran = 0;
        ObjectRef<int> busy = Ray.Remote(() => gate.Task.Result).Remote();
        ObjectRef<int> queued = Ray.Remote(() => Interlocked.Increment(ref ran)).Remote();
        Assert.That(GpuRayRuntime.GetTaskState(queued), Is.EqualTo(TaskState.Queued));

        Ray.Cancel(queued);
        gate.SetResult(1);
        Ray.Get(busy);
        Ray.Get(Ray.Remote(() => 0).Remote());

        var error = Assert.Throws<TaskCancelledException>(() => Ray.Get(queued));
        Assert.That(error!.TaskId, Is.EqualTo(queued.Id));
        Assert.That(ran, Is.Zero);
        Assert.That(GpuRayRuntime.GetTaskState(queued), Is.EqualTo(TaskState.Cancelled));
    }

    [Test]
    public void Cancel_RunningTask_SignalsItsTokenAndGetThrowsCancelled()
    {
        var started = new TaskCompletionSource();
        var sawCancellation = new TaskCompletionSource<bool>();
        ObjectRef<int> running = Ray.Remote(() =>
        {
            CancellationToken token = TaskContext.Current!.CancellationToken;
            started.SetResult();
            sawCancellation.SetResult(token.WaitHandle.WaitOne());
            return 1;
        }).Remote();
        started.Task.Wait();

        Ray.Cancel(running);

        Assert.Throws<TaskCancelledException>(() => Ray.Get(running));
        Assert.That(sawCancellation.Task.Result, Is.True);
    }

    [Test]
    public void Cancel_PropagatesToDependentsButNotUpstream()
    {
        var gate = new TaskCompletionSource<int>();
        ObjectRef<int> upstream = Ray.Remote(() => gate.Task.Result).Remote();
        ObjectRef<int> middle = Ray.Remote((int x) => x + 1).Remote(upstream);
        ObjectRef<int> downstream = Ray.Remote((int x) => x + 1).Remote(middle);

        Ray.Cancel(middle);
        gate.SetResult(5);

        Assert.That(Ray.Get(upstream), Is.EqualTo(5));
        Assert.Throws<TaskCancelledException>(() => Ray.Get(middle));
        var error = Assert.Throws<TaskCancelledException>(() => Ray.Get(downstream));
        Assert.That(error!.TaskId, Is.EqualTo(middle.Id), "the dependent fails with the upstream cancellation");
    }

    [Test]
    public void Cancel_FinishedTask_DoesNothing()
    {
        ObjectRef<int> done = Ray.Remote(() => 3).Remote();
        Assert.That(Ray.Get(done), Is.EqualTo(3));

        Ray.Cancel(done);

        Assert.That(Ray.Get(done), Is.EqualTo(3));
    }

    [Test]
    public void Cancel_Recursive_CancelsTheTasksItSubmitted()
    {
        Restart(new RuntimeOptions { NumCpus = 2 });
        var childStarted = new TaskCompletionSource<ObjectRef<int>>();
        var child = Ray.Remote(() => TaskContext.Current!.CancellationToken.WaitHandle.WaitOne() ? 1 : 0, name: "child");
        ObjectRef<int> parent = Ray.Remote(() =>
        {
            ObjectRef<int> c = child.Remote();
            childStarted.SetResult(c);
            return Ray.Get(c);
        }).Remote();
        ObjectRef<int> childRef = childStarted.Task.Result;

        Ray.Cancel(parent, recursive: true);

        Assert.Throws<TaskCancelledException>(() => Ray.Get(parent));
        Assert.Throws<TaskCancelledException>(() => Ray.Get(childRef));
    }

    [Test]
    public void Cancel_RecursiveAfterSomeChildrenEnded_CancelsTheLiveOnesAndLeavesTheEnded()
    {
        Restart(new RuntimeOptions { NumCpus = 4 });
        var blockedStarted = new TaskCompletionSource<ObjectRef<int>[]>();
        var quick = Ray.Remote((int i) => i, name: "quick");
        var blocked = Ray.Remote(() => TaskContext.Current!.CancellationToken.WaitHandle.WaitOne() ? 1 : 0, name: "blocked");
        ObjectRef<int> parent = Ray.Remote(() =>
        {
            // Children end in between live ones, so the parent's list of live children changes in its middle.
            ObjectRef<int> first = blocked.Remote();
            int sum = Ray.Get([quick.Remote(1), quick.Remote(2), quick.Remote(3)]).Sum();
            ObjectRef<int> second = blocked.Remote();
            ObjectRef<int> ended = quick.Remote(sum);
            Ray.Get(ended);
            blockedStarted.SetResult([first, second, ended]);
            return Ray.Get(first) + Ray.Get(second);
        }).Remote();
        ObjectRef<int>[] children = blockedStarted.Task.Result;

        Ray.Cancel(parent, recursive: true);

        Assert.Multiple(() =>
        {
            Assert.Throws<TaskCancelledException>(() => Ray.Get(parent));
            Assert.Throws<TaskCancelledException>(() => Ray.Get(children[0]));
            Assert.Throws<TaskCancelledException>(() => Ray.Get(children[1]));
            Assert.That(Ray.Get(children[2]), Is.EqualTo(6), "an ended child keeps its result");
        });
    }

    [Test]
    public async Task Dispose_CancelsQueuedTasks()
    {
        var gate = new TaskCompletionSource<int>();
        ObjectRef<int> busy = Ray.Remote(() => gate.Task.Result).Remote();
        ObjectRef<int> queued = Ray.Remote(() => 1).Remote();

        ValueTask disposing = Ray.DisposeAsync();
        gate.SetResult(1);
        await disposing;

        await Assert.ThrowsAsync<TaskCancelledException>(async () => await queued);
        await Assert.ThrowsAsync<TaskCancelledException>(async () => await busy);
        Assert.Throws<ObjectDisposedException>(() => Ray.Put(1));
    }
}
