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
            Assert.That(Ray.AvailableResources(), Does.Not.ContainKey("r"), "a resource fully in use is left out");
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

                // Task.Yield always posts its continuation to the current context: without the task's own, it would
                // resume on the thread pool.
                await Task.Yield();
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
    public void RemoteAsync_AwaitsGetAsyncOfATaskItDidNotSubmitOnOneCpu_LendsItsCpuToIt()
    {
        Restart(Options with { NumCpus = 1 });
        var reachedAwait = new TaskCompletionSource();
        var handedOver = new TaskCompletionSource<ObjectRef<int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = Ray.RemoteAsync(
            async () =>
            {
                reachedAwait.SetResult();
                ObjectRef<int> produced = await handedOver.Task;
                return 2 * (await Ray.GetAsync([produced])).Single();
            },
            "awaits-another-tasks-result");

        ObjectRef<int> result = consumer.Remote();
        try
        {
            Assert.That(reachedAwait.Task.Wait(Guard), Is.True);
            ObjectRef<int> produced = Ray.Remote(() => 21, "producer").Remote();
            Assert.That(produced.IsCompleted, Is.False, "the consumer keeps the one CPU while it awaits the hand-over");
            handedOver.SetResult(produced);
        }
        finally
        {
            // Lets the consumer end if an assertion failed first.
            handedOver.TrySetResult(Ray.Put(0));
        }

        Assert.That(Ray.Get(result, Guard), Is.EqualTo(42), "its CPU went to the producer while it awaited GetAsync");
    }

    [Test]
    public void RemoteAsync_AwaitingSomethingElseOnOneCpu_KeepsTheCpuSoNumCpusBoundsThem()
    {
        Restart(Options with { NumCpus = 1 });
        var reachedAwait = new TaskCompletionSource();
        var io = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var awaitsIo = Ray.RemoteAsync(
            async () =>
            {
                reachedAwait.TrySetResult();
                return await io.Task;
            },
            "awaits-io");

        ObjectRef<int> first = awaitsIo.Remote();
        ObjectRef<int> second;
        try
        {
            Assert.That(reachedAwait.Task.Wait(Guard), Is.True);
            second = awaitsIo.Remote();

            Assert.That(Ray.TaskCounts.Active, Is.EqualTo(1), "the second waits for the CPU the first keeps while it awaits");
        }
        finally
        {
            io.SetResult(3);
        }

        Assert.That(Ray.Get([first, second], Guard), Is.EqualTo(new[] { 3, 3 }));
    }

    [Test]
    public void RemoteAsync_WorkPostedAfterTheBodyEnded_StillRunsOnThePool()
    {
        var later = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ran = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var leaves = Ray.RemoteAsync(
            () =>
            {
                _ = ContinueLater(later.Task, ran);
                return Task.FromResult(1);
            },
            "leaves-work-behind");

        Assert.That(Ray.Get(leaves.Remote(), Guard), Is.EqualTo(1));
        later.SetResult();

        Assert.That(ran.Task.Wait(Guard), Is.True, "the continuation ran");
        Assert.That(ran.Task.Result, Is.True, "outside the ended task");
    }

    [Test]
    public void RemoteAsync_SendFromAnotherThread_RunsOnTheTasksThread()
    {
        var sends = Ray.RemoteAsync(
            async () =>
            {
                SynchronizationContext context = SynchronizationContext.Current!;
                int taskThread = Environment.CurrentManagedThreadId;
                int sentOn = await Task.Run(() =>
                {
                    int seen = 0;
                    context.Send(_ => seen = Environment.CurrentManagedThreadId, null);
                    return seen;
                });
                return sentOn == taskThread;
            },
            "sends-back");

        Assert.That(Ray.Get(sends.Remote(), Guard), Is.True);
    }

    [Test]
    public void Remote_TaskWithoutAResultOrAsyncStream_IsRejectedSayingWhatToDo()
    {
        var task = Assert.Throws<ArgumentException>(() => Ray.Remote(() => Task.CompletedTask, "returns-a-task"));
        var valueTask = Assert.Throws<ArgumentException>(() => Ray.Remote(() => ValueTask.FromResult(1), "returns-a-value-task"));
        var stream = Assert.Throws<ArgumentException>(() => Ray.Remote(Numbers, "returns-a-stream"));

        Assert.Multiple(() =>
        {
            Assert.That(task!.Message, Does.Contain("returns Task").And.Contain("Task<T>").And.Contain("RemoteAsync"));
            Assert.That(valueTask!.Message, Does.Contain("ValueTask`1").And.Contain("AsTask()"));
            Assert.That(stream!.Message, Does.Contain("IAsyncEnumerable`1").And.Contain("RemoteStream"));
        });
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
                var never = new TaskCompletionSource<int>();
                using CancellationTokenRegistration cancel = token.Register(() => never.TrySetCanceled(token));
                reachedAwait.SetResult();
                return await never.Task;
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

    private static async Task ContinueLater(Task later, TaskCompletionSource<bool> ran)
    {
        await later;
        ran.SetResult(TaskContext.Current is null);
    }

    private static async IAsyncEnumerable<int> Numbers()
    {
        await Task.Yield();
        yield return 1;
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
