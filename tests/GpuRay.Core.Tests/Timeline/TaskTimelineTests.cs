using System.Text.Json;

using GpuRay.Core.Tests.Support;
using GpuRay.Errors;
using GpuRay.Scheduling;
using GpuRay.Timeline;

namespace GpuRay.Core.Tests.Timeline;

public sealed class TaskTimelineTests : RuntimeFixture
{
    [Test]
    public void Snapshot_AfterTasks_HasOneEventPerAttemptWithOrderedTimes()
    {
        var square = Ray.Remote((int x) => x * x, name: "square");
        Ray.Get(Enumerable.Range(0, 10).Select(i => square.Remote(i)));

        IReadOnlyList<TimelineEvent> events = Ray.Timeline.Snapshot();

        Assert.That(events, Has.Count.EqualTo(10));
        Assert.That(events, Has.All.Matches<TimelineEvent>(e =>
            e.Name == "square" && e.Outcome == TaskState.Finished && e.Resources == "CPU=1" && e.ThreadId > 0
            && e.Submitted <= e.Started && e.Started <= e.Finished));
    }

    [Test]
    public void Snapshot_TasksHandedFromOneToTheNext_NeverStartBeforeSubmittedOrOverlapOnAThread()
    {
        // One CPU: each worker hands the next queued task on and reuses its finish time as that task's start.
        Restart(new GpuRay.Runtime.RuntimeOptions { NumCpus = 1 });
        var spin = Ray.Remote((int x) => Enumerable.Range(0, 200).Sum() + x, name: "spin");
        var refs = new List<GpuRay.Objects.ObjectRef<int>>();
        for (int i = 0; i < 300; i++)
        {
            refs.Add(spin.Remote(i));
        }

        Ray.Get(refs);
        IReadOnlyList<TimelineEvent> events = Ray.Timeline.Snapshot();

        Assert.That(events, Has.Count.EqualTo(300));
        Assert.That(events, Has.All.Matches<TimelineEvent>(e => e.Submitted <= e.Started && e.Started <= e.Finished));
        foreach (IGrouping<int, TimelineEvent> thread in events.GroupBy(e => e.ThreadId))
        {
            TimelineEvent[] ordered = [.. thread.OrderBy(e => e.Started)];
            for (int i = 1; i < ordered.Length; i++)
            {
                Assert.That(ordered[i].Started, Is.GreaterThanOrEqualTo(ordered[i - 1].Finished), $"thread {thread.Key}, task {ordered[i].TaskId}");
            }
        }
    }

    [Test]
    public void WriteChromeTrace_ParsesBackWithOneCompleteEventPerAttempt()
    {
        var square = Ray.Remote((int x) => x * x, name: "square");
        var fail = Ray.Remote(() => Throw(), name: "fail");
        Ray.Get(Enumerable.Range(0, 3).Select(i => square.Remote(i)));
        Assert.Throws<TaskFailedException>(() => Ray.Get(fail.Remote()));
        using var stream = new MemoryStream();

        Ray.Timeline.WriteChromeTrace(stream);

        using JsonDocument trace = JsonDocument.Parse(stream.ToArray());
        JsonElement[] all = [.. trace.RootElement.GetProperty("traceEvents").EnumerateArray()];
        JsonElement[] events = [.. all.Where(e => e.GetProperty("ph").GetString() == "X")];
        Assert.That(events, Has.Length.EqualTo(4));
        Assert.That(all.Except(events).Select(e => e.GetProperty("args").GetProperty("name").GetString()), Is.EqualTo(new[] { $"GpuRay driver (pid {Environment.ProcessId})" }), "one process row, named");
        Assert.That(events.Select(e => e.GetProperty("pid").GetInt32()), Has.All.EqualTo(1));
        Assert.That(events.Count(e => e.GetProperty("name").GetString() == "square"), Is.EqualTo(3));
        JsonElement failed = events.Single(e => e.GetProperty("name").GetString() == "fail");
        Assert.That(failed.GetProperty("args").GetProperty("outcome").GetString(), Is.EqualTo("Failed"));
        Assert.That(events.Select(e => e.GetProperty("dur").GetDouble()), Has.All.GreaterThanOrEqualTo(0));
    }

    [Test]
    public void Snapshot_MoreAttemptsThanCapacity_KeepsTheNewest()
    {
        Restart(new GpuRay.Runtime.RuntimeOptions { NumCpus = 2, TimelineCapacity = 4096 });
        var id = Ray.Remote((int x) => x);
        Ray.Get(Enumerable.Range(0, 5000).Select(i => id.Remote(i)));

        IReadOnlyList<TimelineEvent> events = Ray.Timeline.Snapshot();

        Assert.That(Ray.Timeline.Recorded, Is.EqualTo(5000));
        Assert.That(events, Has.Count.EqualTo(4096));
        Assert.That(events.Max(e => e.TaskId), Is.EqualTo(5000));
    }

    private static int Throw() => throw new InvalidOperationException("x");
}
