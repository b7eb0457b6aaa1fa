using GpuRay.Core.Tests.Support;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Runtime;
using GpuRay.Scheduling;
using GpuRay.State;

namespace GpuRay.Core.Tests.State;

public sealed class RuntimeStateTests : RuntimeFixture
{
    protected override RuntimeOptions Options => new() { NumCpus = 1, InlineObjectBytes = 1024 };

    [Test]
    public void ListTasks_TasksInEachState_FilterByStateFindsEach()
    {
        using var started = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var fast = Ray.Remote(() => 1, name: "fast");
        var blocking = Ray.Remote(
            () =>
            {
                started.Set();
                gate.Wait();
                return 2;
            },
            name: "blocking");
        var plusOne = Ray.Remote((int x) => x + 1, name: "plus-one");
        ObjectRef<int> finished = fast.Remote();
        Ray.Get(finished);
        ObjectRef<int> running = blocking.Remote();
        started.Wait();
        ObjectRef<int> queued = fast.Remote();
        ObjectRef<int> waiting = plusOne.Remote(running);

        try
        {
            Assert.That(IdsIn(TaskState.Finished), Is.EqualTo(new[] { finished.Id }));
            Assert.That(IdsIn(TaskState.Running), Is.EqualTo(new[] { running.Id }));
            Assert.That(IdsIn(TaskState.Queued), Is.EqualTo(new[] { queued.Id }));
            Assert.That(IdsIn(TaskState.WaitingForDependencies), Is.EqualTo(new[] { waiting.Id }));
            TaskInfo runningInfo = Ray.State.ListTasks(new TaskFilter { TaskId = running.Id }).Single();
            Assert.That(runningInfo.Name, Is.EqualTo("blocking"));
            Assert.That(runningInfo.Attempt, Is.EqualTo(1));
            Assert.That(runningInfo.Started, Is.Not.Null);
            Assert.That(runningInfo.Started!.Value, Is.GreaterThanOrEqualTo(runningInfo.Submitted));
            Assert.That(runningInfo.Ended, Is.Null);
            Assert.That(runningInfo.Resources, Is.EqualTo("CPU=1"));
        }
        finally
        {
            gate.Set();
        }

        Assert.That(Ray.Get([queued, waiting]), Is.EqualTo(new[] { 1, 3 }));
        TaskInfo ended = Ray.State.ListTasks(new TaskFilter { TaskId = finished.Id }).Single();
        Assert.That(ended.State, Is.EqualTo(TaskState.Finished));
        Assert.That(ended.Started, Is.Not.Null);
        Assert.That(ended.Ended!.Value, Is.GreaterThanOrEqualTo(ended.Started!.Value));
        Assert.That(ended.ThreadId, Is.Not.Zero);
        Assert.That(ended.Error, Is.Null);
    }

    [Test]
    public void ListTasks_ByName_ReturnsOnlyThatFunctionsTasks()
    {
        var one = Ray.Remote(() => 1, name: "one");
        var two = Ray.Remote(() => 2, name: "two");
        ObjectRef<int>[] ones = [one.Remote(), one.Remote()];
        Ray.Get([.. ones, two.Remote()]);

        IReadOnlyList<TaskInfo> listed = Ray.State.ListTasks(new TaskFilter { Name = "one" });

        Assert.That(listed.Select(t => t.TaskId), Is.EqualTo(ones.Select(r => r.Id)));
        Assert.That(listed.Select(t => t.Name).Distinct(), Is.EqualTo(new[] { "one" }));
    }

    [Test]
    public void ListTasks_RetriedTask_ShowsEachAttemptWithItsError()
    {
        int runs = 0;
        var flaky = Ray.Remote(
            () => Interlocked.Increment(ref runs) < 3 ? throw new InvalidOperationException($"run {runs}") : runs,
            name: "flaky",
            options: new TaskOptions { MaxRetries = 3, RetryExceptions = true });
        ObjectRef<int> result = flaky.Remote();
        Assert.That(Ray.Get(result), Is.EqualTo(3));

        IReadOnlyList<TaskInfo> attempts = Ray.State.ListTasks(new TaskFilter { TaskId = result.Id });

        Assert.That(attempts.Select(a => (a.Attempt, a.State, a.Retried)), Is.EqualTo(new[]
        {
            (1, TaskState.Failed, true),
            (2, TaskState.Failed, true),
            (3, TaskState.Finished, false),
        }));
        Assert.That(attempts[0].Error, Is.EqualTo("System.InvalidOperationException: run 1"));
        Assert.That(attempts[1].Error, Is.EqualTo("System.InvalidOperationException: run 2"));
        Assert.That(attempts[2].Error, Is.Null);
    }

    [Test]
    public void ListTasks_CancelledBeforeItRan_IsOneAttemptThatNeverStarted()
    {
        using var gate = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var blocking = Ray.Remote(() => { started.Set(); gate.Wait(); return 0; }, name: "blocking");
        ObjectRef<int> running = blocking.Remote();
        started.Wait();
        ObjectRef<int> queued = Ray.Remote(() => 1, name: "never-runs").Remote();

        Ray.Cancel(queued);
        gate.Set();
        Ray.Get(running);

        TaskInfo cancelled = Ray.State.ListTasks(new TaskFilter { TaskId = queued.Id }).Single();
        Assert.That(cancelled.State, Is.EqualTo(TaskState.Cancelled));
        Assert.That(cancelled.Attempt, Is.EqualTo(1));
        Assert.That(cancelled.Started, Is.Null);
        Assert.That(cancelled.Ended, Is.Not.Null);
    }

    [Test]
    public void SummarizeTasks_CountsEachTaskOnceByItsLatestState()
    {
        int runs = 0;
        var ok = Ray.Remote(() => 1, name: "ok");
        var bad = Ray.Remote(() => ThrowNow(), name: "bad");
        var flaky = Ray.Remote(
            () => Interlocked.Increment(ref runs) == 1 ? throw new InvalidOperationException("once") : 2,
            name: "flaky",
            options: new TaskOptions { MaxRetries = 1, RetryExceptions = true });
        Ray.Get([ok.Remote(), ok.Remote(), ok.Remote(), flaky.Remote()]);
        ObjectRef<int> failed = bad.Remote();
        Ray.Wait([failed]);

        IReadOnlyList<TaskSummary> summary = Ray.State.SummarizeTasks();

        Assert.That(summary.Select(s => s.Name), Is.EqualTo(new[] { "bad", "flaky", "ok" }));
        Assert.That(summary[0].States, Is.EqualTo(new Dictionary<TaskState, int> { [TaskState.Failed] = 1 }));
        Assert.That(summary[1].States, Is.EqualTo(new Dictionary<TaskState, int> { [TaskState.Finished] = 1 }));
        Assert.That(summary[2].States, Is.EqualTo(new Dictionary<TaskState, int> { [TaskState.Finished] = 3 }));
        Assert.That(summary.Select(s => s.Total), Is.EqualTo(new[] { 1, 1, 3 }));
        Assert.Throws<GpuRay.Errors.TaskFailedException>(() => Ray.Get(failed));
    }

    [Test]
    public void ListTasks_MoreEndedTasksThanTheTimelineKeeps_KeepsTheNewest()
    {
        Restart(Options with { TimelineCapacity = 4096 });
        var noop = Ray.Remote(() => 0, name: "noop", options: null);
        var refs = new ObjectRef<int>[4096 + 100];
        for (int i = 0; i < refs.Length; i++)
        {
            refs[i] = noop.Remote();
        }

        Ray.Get(refs);

        IReadOnlyList<TaskInfo> kept = Ray.State.ListTasks();
        Assert.That(kept, Has.Count.EqualTo(4096));
        Assert.That(kept.Select(t => t.TaskId), Is.EqualTo(refs[100..].Select(r => r.Id)));
    }

    [Test]
    public void ListTasks_Limit_ReturnsTheNewestTasks()
    {
        var noop = Ray.Remote(() => 0, name: "noop");
        ObjectRef<int>[] refs = [.. Enumerable.Range(0, 5).Select(_ => noop.Remote())];
        Ray.Get(refs);

        IReadOnlyList<TaskInfo> listed = Ray.State.ListTasks(new TaskFilter { Limit = 2 });

        Assert.That(listed.Select(t => t.TaskId), Is.EqualTo(refs[3..].Select(r => r.Id)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ray.State.ListTasks(new TaskFilter { Limit = -1 }));
    }

    [Test]
    public void ListTasks_ChildRunningOnItsParentsCpuAndGoneFromItsQueue_IsListedAsRunning()
    {
        Restart(Options with { NumCpus = 2 });
        using var otherStarted = new ManualResetEventSlim();
        using var otherGate = new ManualResetEventSlim();
        using var childStarted = new ManualResetEventSlim();
        using var childGate = new ManualResetEventSlim();
        var other = Ray.Remote(() => { otherStarted.Set(); otherGate.Wait(); return 1; }, name: "other");
        var child = Ray.Remote(() => { childStarted.Set(); childGate.Wait(); return 5; }, name: "child");
        long childId = 0;
        var parent = Ray.Remote(
            () =>
            {
                // Both CPUs are taken: the child queues, and this Get runs it here on the parent's CPU.
                ObjectRef<int> submitted = child.Remote();
                Volatile.Write(ref childId, submitted.Id);
                return Ray.Get(submitted);
            },
            name: "parent");
        ObjectRef<int> otherRef = other.Remote();
        otherStarted.Wait();
        ObjectRef<int> result = parent.Remote();
        childStarted.Wait();

        // The other task's end takes the child (already running) out of the queue: only its parent leads to it now.
        otherGate.Set();
        Ray.Get(otherRef);
        try
        {
            Assert.That(IdsIn(TaskState.Running), Is.EquivalentTo(new[] { result.Id, Volatile.Read(ref childId) }));
        }
        finally
        {
            childGate.Set();
        }

        Assert.That(Ray.Get(result), Is.EqualTo(5));
    }

    private static int ThrowNow() => throw new InvalidOperationException("always");

    private long[] IdsIn(TaskState state) => [.. Ray.State.ListTasks(new TaskFilter { State = state }).Select(t => t.TaskId)];
}
