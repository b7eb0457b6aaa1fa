using System.Collections.Concurrent;

using GpuRay.Core.Tests.Support;
using GpuRay.Errors;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Runtime;

namespace GpuRay.Core.Tests.Scheduling;

/// <summary>
/// CPU-only tasks queue in lanes, and a worker hands its CPU from a finished task to the next one without the
/// scheduler's lock. These check what that must never break: priorities, accounting, cancellation and shutdown.
/// </summary>
public sealed class LaneTests : RuntimeFixture
{
    [Test]
    public void HandOff_CustomResourceTaskWaiting_GetsTheCpuBeforeTheRestOfTheLane()
    {
        Restart(new RuntimeOptions { NumCpus = 1, Resources = new Dictionary<string, double> { ["ssd"] = 1 } });
        var order = new ConcurrentQueue<string>();
        var ssd = Ray.Remote(
            () => { order.Enqueue("waiting"); return 1; },
            name: "ssd",
            options: new TaskOptions { Resources = new Dictionary<string, double> { ["ssd"] = 1 } });

        RunBusyLaneThen(order, () => ssd.Remote());

        Assert.That(order.First(), Is.EqualTo("waiting"), "the busy task's CPU went down the lane past the waiting task");
    }

    [Test]
    public void HandOff_AnotherLaneWaiting_TheCpuGoesToTheShapeThatAppearedFirst()
    {
        Restart(new RuntimeOptions { NumCpus = 1 });
        var order = new ConcurrentQueue<string>();
        var small = Ray.Remote((int i) => { order.Enqueue("waiting"); return i; }, name: "small", options: new TaskOptions { NumCpus = 0.9 });
        Ray.Get(small.Remote(0));
        order.Clear();

        RunBusyLaneThen(order, () => small.Remote(1));

        Assert.That(order.First(), Is.EqualTo("waiting"), "one busy lane kept the CPU while another lane waited");
    }

    /// <summary>
    /// Holds the node's one CPU with a gated task, queues 50 CPU=1 tasks behind it and then the waiting task, opens
    /// the gate, and waits for all; <paramref name="order"/> gets "lane" or "waiting" as each runs.
    /// </summary>
    private void RunBusyLaneThen(ConcurrentQueue<string> order, Func<ObjectRef<int>> submitWaiting)
    {
        var gate = new TaskCompletionSource<int>();
        ObjectRef<int> busy = Ray.Remote(() => gate.Task.Result, name: "busy").Remote();
        var whole = Ray.Remote((int i) => { order.Enqueue("lane"); return i; }, name: "whole");
        ObjectRef<int>[] lane = [.. Enumerable.Range(0, 50).Select(i => whole.Remote(i))];
        ObjectRef<int> waiting = submitWaiting();

        gate.SetResult(0);
        Ray.Get(lane);
        Ray.Get(waiting);
        Ray.Get(busy);

        Assert.That(order, Has.Count.EqualTo(51));
    }

    [Test]
    public async Task Dispose_JustAsAWorkerHandsOnItsCpu_TheNextTaskNeverRuns()
    {
        Restart(new RuntimeOptions { NumCpus = 1 });
        var gate = new TaskCompletionSource<int>();
        ObjectRef<int> busy = Ray.Remote(() => gate.Task.Result, name: "busy").Remote();
        int ran = 0;
        ObjectRef<int> next = Ray.Remote(() => Interlocked.Increment(ref ran), name: "next").Remote();
        int shutdowns = 0;
        Task? shutdown = null;

        // Shutdown lands between the handoff's write of the slot and its check of the flag.
        Ray.Scheduler.HandOffHook = () =>
        {
            if (Interlocked.Increment(ref shutdowns) == 1)
            {
                shutdown = Ray.Scheduler.ShutdownAsync();
            }
        };
        gate.SetResult(7);
        Assert.That(await busy, Is.EqualTo(7));
        await Assert.ThrowsAsync<TaskCancelledException>(async () => await next);
        await shutdown!;

        Assert.That(shutdowns, Is.EqualTo(1), "the worker never handed its CPU on: nothing was tested");
        Assert.That(ran, Is.Zero, "a task cancelled at shutdown ran its body");
        Assert.That(Ray.TaskCounts.Active, Is.Zero);
        Assert.That(Ray.TaskCounts.Cancelled, Is.EqualTo(1));
    }

    [TestCase(false, TestName = "Dispatch_QueuedTaskWhoseCancelMissedIt_EndsCancelled(lane)")]
    [TestCase(true, TestName = "Dispatch_QueuedTaskWhoseCancelMissedIt_EndsCancelled(custom resource)")]
    public void Dispatch_QueuedTaskWhoseCancelMissedIt_EndsCancelled(bool customResource)
    {
        // A cancel that races a retry can mark a task while it is being queued again, and miss it. Whoever takes
        // it from the queue then must end it, not drop it or run it.
        Restart(new RuntimeOptions { NumCpus = 1, Resources = new Dictionary<string, double> { ["ssd"] = 1 } });
        var gate = new TaskCompletionSource<int>();
        ObjectRef<int> busy = Ray.Remote(() => gate.Task.Result, name: "busy").Remote();
        TaskOptions options = customResource ? new TaskOptions { Resources = new Dictionary<string, double> { ["ssd"] = 1 } } : new TaskOptions();
        var missed = Ray.Remote(() => 1, name: "missed", options: options);
        ObjectRef<int> reference = missed.Remote();
        ObjectRef<int> after = missed.Remote();
        reference.Producer!.MarkCancelRequested();

        gate.SetResult(0);
        WaitResult<ObjectRef<int>> done = Ray.Wait([reference, after], numReturns: 2, timeout: TimeSpan.FromSeconds(30));

        Assert.That(done.Ready, Has.Count.EqualTo(2), "the marked task was dropped from its queue and never ended");
        Assert.Throws<TaskCancelledException>(() => Ray.Get(reference));
        Assert.That(Ray.Get(after), Is.EqualTo(1));
        Assert.That(Ray.Get(busy), Is.Zero);
        Assert.That(Ray.TaskCounts, Is.EqualTo(new TaskCounts(0, 2, 0, 1)));
        Assert.That(Ray.AvailableResources()["CPU"], Is.EqualTo(1));
    }

    [Test]
    public void Cancel_AfterTheBodyReturnedButBeforeTheTaskEnded_TheFailedRefDoesNotKeepTheValue()
    {
        // The small-task warning is logged between the body's return and the task's end: cancel the task there.
        Restart(new RuntimeOptions { NumCpus = 1, SmallTaskSampleSize = 1, SmallTaskThreshold = TimeSpan.FromHours(1) });
        var started = new TaskCompletionSource<int>();
        ObjectRef<byte[]>? reference = null;
        Log.OnEntry = (level, message) =>
        {
            if (message.Contains("'big'", StringComparison.Ordinal))
            {
                Ray.Cancel(reference!);
            }
        };
        var big = Ray.Remote(() => started.Task.Result == 0 ? new byte[1024] : [], name: "big");
        reference = big.Remote();

        started.SetResult(0);

        Assert.Throws<TaskCancelledException>(() => Ray.Get(reference));
        Assert.That(reference.BoxedValue, Is.Null, "the cancelled ref still holds the task's value");
        Assert.That(Ray.TaskCounts, Is.EqualTo(new TaskCounts(0, 0, 0, 1)));
    }

    [Test]
    public void HandOff_ManyTasksWithCancelsFailuresAndRetries_EveryRefCompletesAndEveryCpuComesBack()
    {
        const int Count = 20_000;
        int attempts = 0;
        var work = Ray.Remote(
            (int i) =>
            {
                if (i % 13 == 0 && Interlocked.Increment(ref attempts) % 2 == 1)
                {
                    throw new TimeoutException($"flaky {i}");
                }

                return i % 11 == 0 ? throw new InvalidOperationException($"bad {i}") : i;
            },
            name: "work",
            options: new TaskOptions { MaxRetries = 1, RetryExceptions = RetryExceptions.Of(typeof(TimeoutException)) });
        var refs = new ObjectRef<int>[Count];
        for (int i = 0; i < Count; i++)
        {
            refs[i] = work.Remote(i);
            if (i % 7 == 0)
            {
                Ray.Cancel(refs[i]);
            }
        }

        WaitResult<ObjectRef<int>> done = Ray.Wait(refs, numReturns: Count, timeout: TimeSpan.FromMinutes(2));

        Assert.That(done.Ready, Has.Count.EqualTo(Count), "some refs never completed");
        int finished = 0;
        for (int i = 0; i < Count; i++)
        {
            try
            {
                Assert.That(Ray.Get(refs[i]), Is.EqualTo(i));
                finished++;
            }
            catch (TaskCancelledException)
            {
                Assert.That(i % 7, Is.EqualTo(0), $"task {i} was cancelled but nobody cancelled it");
            }
            catch (TaskFailedException ex)
            {
                Assert.That(ex.InnerException, Is.InstanceOf<InvalidOperationException>().Or.InstanceOf<TimeoutException>(), $"task {i}");
            }
        }

        Assert.That(finished, Is.GreaterThan(Count / 2));
        Assert.That(Ray.AvailableResources()["CPU"], Is.EqualTo(2));
        TaskCounts counts = Ray.TaskCounts;
        Assert.That(counts.Active, Is.Zero);
        Assert.That(counts.Finished + counts.Failed + counts.Cancelled, Is.EqualTo(Count));
        Assert.That(counts.Finished, Is.EqualTo(finished));
    }

    [Test]
    public async Task Dispose_WhileWorkersHandOffAlongALane_EndsEveryTask()
    {
        const int Count = 50_000;
        var tiny = Ray.Remote((int i) => i, name: "tiny");
        ObjectRef<int>[] refs = [.. Enumerable.Range(0, Count).Select(i => tiny.Remote(i))];

        await Ray.DisposeAsync();

        int cancelled = 0;
        for (int i = 0; i < Count; i++)
        {
            Assert.That(refs[i].IsCompleted, Is.True, $"task {i} is still pending after dispose");
            if (refs[i].State == ObjectState.Failed)
            {
                cancelled++;
                ObjectRef<int> reference = refs[i];
                await Assert.ThrowsAsync<TaskCancelledException>(async () => await reference);
            }
            else
            {
                Assert.That(await refs[i], Is.EqualTo(i));
            }
        }

        Assert.That(cancelled, Is.GreaterThan(0), "dispose came after every task had run: nothing was tested");
    }
}
