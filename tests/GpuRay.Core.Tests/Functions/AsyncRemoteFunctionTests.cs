using GpuRay.Core.Tests.Support;
using GpuRay.Errors;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Scheduling;

namespace GpuRay.Core.Tests.Functions;

public sealed class AsyncRemoteFunctionTests : RuntimeFixture
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(1);

    [Test]
    public void RemoteAsync_BodyAwaits_TheTaskEndsWithTheResultOfItsTask()
    {
        var add = Ray.RemoteAsync(
            async (int a, int b) =>
            {
                await Task.Yield();
                return a + b;
            },
            "add-async");

        Assert.That(Ray.Get(add.Remote(40, 2), Guard), Is.EqualTo(42));
    }

    [Test]
    public void RemoteAsync_TaskPendingOnAnAwait_IsStillRunningAndKeepsItsCustomResource()
    {
        Restart(Options with { Resources = new Dictionary<string, double> { ["r"] = 1 } });
        var needsR = new TaskOptions { Resources = new Dictionary<string, double> { ["r"] = 1 } };
        var awaited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reachedAwait = new TaskCompletionSource();
        var holder = Ray.RemoteAsync(
            async () =>
            {
                reachedAwait.SetResult();
                return await awaited.Task;
            },
            "holds-r-across-an-await",
            needsR);
        var next = Ray.Remote(() => 7, "needs-r-next", needsR);

        ObjectRef<int> held = holder.Remote();
        ObjectRef<int> queued;
        try
        {
            Assert.That(reachedAwait.Task.Wait(Guard), Is.True);
            queued = next.Remote();

            Assert.That(held.IsCompleted || queued.IsCompleted, Is.False, "the async task runs on, holding r, while it awaits");
            Assert.That(Ray.TaskCounts.Active, Is.EqualTo(1));
        }
        finally
        {
            awaited.SetResult(5);
        }

        Assert.That(Ray.Get(held, Guard), Is.EqualTo(5));
        Assert.That(Ray.Get(queued, Guard), Is.EqualTo(7));
    }

    [Test]
    public void RemoteAsync_AfterAnAwait_TheBodyIsOnTheTasksThreadWithItsContext()
    {
        var where = Ray.RemoteAsync(
            async () =>
            {
                int before = Environment.CurrentManagedThreadId;
                await Task.Run(() => { });
                return (Before: before, After: Environment.CurrentManagedThreadId, TaskContext.Current?.TaskId, TaskContext.Current?.Name);
            },
            "stays-on-its-thread");

        ObjectRef<(int Before, int After, long? TaskId, string? Name)> result = where.Remote();
        var seen = Ray.Get(result, Guard);

        Assert.That(seen.After, Is.EqualTo(seen.Before));
        Assert.That((seen.TaskId, seen.Name), Is.EqualTo(((long?)result.Id, "stays-on-its-thread")));
    }

    [Test]
    public void RemoteAsync_AwaitsTheRefOfItsChildOnOneCpu_TheChildGetsTheCpuAndNothingDeadlocks()
    {
        Restart(Options with { NumCpus = 1 });
        var child = Ray.Remote(() => 21, "child");
        var parent = Ray.RemoteAsync(async () => 2 * await child.Remote(), "awaits-its-child");

        Assert.That(Ray.Get(parent.Remote(), Guard), Is.EqualTo(42));
    }

    [Test]
    public void RemoteAsync_BodyThrowsAfterAnAwait_FailsWithThatExceptionItself()
    {
        var fails = Ray.RemoteAsync<int>(
            async () =>
            {
                await Task.Yield();
                throw new InvalidOperationException("after the await");
            },
            "fails-after-await");

        var error = Assert.Throws<TaskFailedException>(() => Ray.Get(fails.Remote(), Guard));

        Assert.That(error!.InnerException, Is.TypeOf<InvalidOperationException>().With.Message.EqualTo("after the await"));
    }

    [Test]
    public void Cancel_AsyncTaskAwaitingItsToken_EndsCancelled()
    {
        var reachedAwait = new TaskCompletionSource();
        var waits = Ray.RemoteAsync(
            async () =>
            {
                CancellationToken token = TaskContext.Current!.CancellationToken;
                reachedAwait.SetResult();
                await Task.Delay(Timeout.Infinite, token);
                return 0;
            },
            "awaits-forever");
        ObjectRef<int> running = waits.Remote();
        Assert.That(reachedAwait.Task.Wait(Guard), Is.True);

        Ray.Cancel(running);

        Assert.Throws<TaskCancelledException>(() => Ray.Get(running, Guard));
    }

    [Test]
    public void Remote_AsyncLambda_IsRejectedPointingToRemoteAsync()
    {
        var error = Assert.Throws<ArgumentException>(() => Ray.Remote(async () => { await Task.Yield(); return 1; }, "async-by-mistake"));

        Assert.That(error!.Message, Does.Contain("'async-by-mistake'").And.Contain("Task`1").And.Contain("RemoteAsync"));
    }

    [Test]
    public void RemoteAsync_WithProcessIsolation_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Ray.RemoteAsync(
            async () => { await Task.Yield(); return 1; },
            "async-in-a-worker",
            new TaskOptions { Isolation = TaskIsolation.Process }));

        Assert.That(error!.Message, Does.Contain("'async-in-a-worker'").And.Contain("Isolation = Process"));
    }
}
