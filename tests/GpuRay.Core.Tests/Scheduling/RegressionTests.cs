using GpuRay.Core.Tests.Support;
using GpuRay.Errors;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Runtime;

using Microsoft.Extensions.Logging;

namespace GpuRay.Core.Tests.Scheduling;

/// <summary>Races and edge cases found in review, each pinned by a test.</summary>
public sealed class RegressionTests : RuntimeFixture
{
    [Test]
    public async Task Get_EmptyList_ReturnsEmpty()
    {
        Assert.That(Ray.Get(Array.Empty<ObjectRef<int>>()), Is.Empty);
        Assert.That(await Ray.GetAsync(Array.Empty<ObjectRef<int>>()), Is.Empty);
    }

    [Test]
    public void Get_InfiniteTimeout_WaitsForTheValue()
    {
        Assert.That(Ray.Get(Ray.Remote(() => 5).Remote(), Timeout.InfiniteTimeSpan), Is.EqualTo(5));
    }

    [Test]
    public void Get_NegativeTimeout_IsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Ray.Get(Ray.Put(1), TimeSpan.FromSeconds(-2)));
        Assert.That(error!.Message, Does.Contain("Invalid timeout"));
    }

    [Test]
    public void Get_FailureAtTheHeadOfALongChain_FailsEveryDependentWithoutOverflowingTheStack()
    {
        var step = Ray.Remote((int x) => x + 1, name: "step");
        ObjectRef<int> head = Ray.Remote(() => Fail(), name: "head").Remote();
        ObjectRef<int> tail = head;
        for (int i = 0; i < 20_000; i++)
        {
            tail = step.Remote(tail);
        }

        var error = Assert.Throws<TaskFailedException>(() => Ray.Get(tail))!;
        Assert.That(error.UpstreamTaskName, Is.EqualTo("step"));
        Assert.That(error.InnerException, Is.TypeOf<TaskFailedException>().With.Property(nameof(TaskFailedException.TaskName)).EqualTo("head"));
        Assert.That(error.Message, Has.Length.LessThan(1000), "each link's message is of constant size");
    }

    [Test]
    public void Cancel_TaskWithDependents_CountsThemCancelledAndLogsNothing()
    {
        var gate = new TaskCompletionSource<int>();
        ObjectRef<int> blocker = Ray.Remote(() => gate.Task.Result, name: "blocker").Remote();
        var plusOne = Ray.Remote((int x) => x + 1);
        ObjectRef<int> upstream = plusOne.Remote(blocker);
        ObjectRef<int>[] dependents = [.. Enumerable.Range(0, 5).Select(_ => plusOne.Remote(upstream))];

        Ray.Cancel(upstream);
        gate.SetResult(0);
        Assert.That(Ray.Get(blocker), Is.Zero, "cancel never reaches upstream");
        foreach (ObjectRef<int> dependent in dependents)
        {
            Assert.Throws<TaskCancelledException>(() => Ray.Get(dependent));
        }

        Assert.That(Ray.TaskCounts.Failed, Is.Zero);
        Assert.That(Ray.TaskCounts.Cancelled, Is.EqualTo(6));
        Assert.That(Log.At(LogLevel.Error), Is.Empty);
    }

    [Test]
    public void Get_InsideTaskOnFlakyQueuedChild_GivesEveryCpuBack()
    {
        Restart(new RuntimeOptions { NumCpus = 1 });
        int attempts = 0;
        var flaky = Ray.Remote(
            () => Interlocked.Increment(ref attempts) == 1 ? throw new IOException("once") : 7,
            name: "flaky",
            options: new TaskOptions { RetryExceptions = true });
        var parent = Ray.Remote(() => Ray.Get(flaky.Remote()), name: "parent");

        Assert.That(Ray.Get(parent.Remote()), Is.EqualTo(7));
        Assert.That(Ray.AvailableResources()["CPU"], Is.EqualTo(1));
        Assert.That(Ray.Get(Ray.Remote(() => 1).Remote()), Is.EqualTo(1));
    }

    [Test]
    public void Cancel_RacingTheTaskEnd_AlwaysCompletesTheRef()
    {
        var quick = Ray.Remote((int i) => i, name: "quick", options: new TaskOptions { NumCpus = 0 });
        for (int i = 0; i < 2000; i++)
        {
            ObjectRef<int> reference = quick.Remote(i);
            Ray.Cancel(reference);
            WaitResult<ObjectRef<int>> done = Ray.Wait([reference], timeout: TimeSpan.FromSeconds(30));
            Assert.That(done.Ready, Has.Count.EqualTo(1), $"iteration {i}: the ref never completed");
        }
    }

    [Test]
    public void Remote_LoggerThatThrows_DoesNotStopTheTasks()
    {
        Restart(new RuntimeOptions { NumCpus = 2, SmallTaskSampleSize = 5, LoggerFactory = new ThrowingLogger() });
        var tiny = Ray.Remote((int x) => x, name: "tiny");

        Assert.That(Ray.Get(Enumerable.Range(0, 50).Select(i => tiny.Remote(i))).Sum(), Is.EqualTo(1225));
    }

    private static int Fail() => throw new InvalidOperationException("head fails");

    private sealed class ThrowingLogger : ILoggerFactory, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            throw new InvalidOperationException("logger down");

        public void Dispose()
        {
        }
    }
}
