using GpuRay.Core.Tests.Support;
using GpuRay.Errors;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Runtime;
using GpuRay.Scheduling;

using Microsoft.Extensions.Logging;

namespace GpuRay.Core.Tests.Scheduling;

public sealed class RetryTests : RuntimeFixture
{
    [Test]
    public void Remote_RetryExceptionsTrue_RunsAtMostMaxRetriesPlusOneTimes()
    {
        int attempts = 0;
        var flaky = Ray.Remote(() => { Interlocked.Increment(ref attempts); return Fail(); })
            .WithOptions(new TaskOptions { MaxRetries = 2, RetryExceptions = true });

        Assert.Throws<TaskFailedException>(() => Ray.Get(flaky.Remote()));
        Assert.That(attempts, Is.EqualTo(3));
    }

    [Test]
    public void Remote_ExceptionsNotRetriedByDefault_RunsOnce()
    {
        int attempts = 0;
        var once = Ray.Remote(() => { Interlocked.Increment(ref attempts); return Fail(); });

        Assert.Throws<TaskFailedException>(() => Ray.Get(once.Remote()));
        Assert.That(attempts, Is.EqualTo(1));
    }

    [Test]
    public void Remote_RetryListedTypes_RetriesThoseOnlyAndSucceeds()
    {
        int attempts = 0;
        var recovering = Ray.Remote(
            () => Interlocked.Increment(ref attempts) < 3 ? throw new IOException("flaky disk") : attempts,
            options: new TaskOptions { MaxRetries = 5, RetryExceptions = RetryExceptions.Of(typeof(IOException)) });
        int other = 0;
        var wrongType = Ray.Remote(
            () => { Interlocked.Increment(ref other); return Fail(); },
            options: new TaskOptions { MaxRetries = 5, RetryExceptions = RetryExceptions.Of(typeof(IOException)) });

        Assert.That(Ray.Get(recovering.Remote()), Is.EqualTo(3));
        Assert.Throws<TaskFailedException>(() => Ray.Get(wrongType.Remote()));
        Assert.That(other, Is.EqualTo(1));
    }

    [Test]
    public void Remote_SystemFailure_RetriedUpToMaxRetries()
    {
        var devices = new FakeDevices(1 << 20);
        int entered = 0;
        devices.OnEnter = _ => Interlocked.Increment(ref entered) <= 2 ? throw new InvalidOperationException("device lost") : null;
        Restart(new RuntimeOptions { NumCpus = 2, DeviceProvider = _ => devices });

        var gpu = Ray.Remote(() => TaskContext.Current!.Attempt, options: new TaskOptions { NumGpus = 1, MaxRetries = 2 });

        Assert.That(Ray.Get(gpu.Remote()), Is.EqualTo(3));
    }

    [Test]
    public void Remote_RetryWarningWithASlowLogger_DoesNotStallScheduling()
    {
        using var logging = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        Log.OnEntry = (level, message) =>
        {
            if (message.Contains("retrying", StringComparison.Ordinal))
            {
                logging.Set();
                release.Wait();
            }
        };
        int calls = 0;
        var flaky = Ray.Remote(() => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("once") : 2, "flaky", new TaskOptions { MaxRetries = 1, RetryExceptions = true });
        var other = Ray.Remote(() => 7, name: "other");

        ObjectRef<int> retried = flaky.Remote();
        Assert.That(logging.Wait(TimeSpan.FromMinutes(1)), Is.True, "the retry warning was logged");

        // With the logger still inside the warning, another task is submitted and completes. (On another thread: a
        // scheduler stalled by the logger would block the submitter itself.)
        Task<int> submitted = Task.Run(() => Ray.Get(other.Remote(), TimeSpan.FromMinutes(1)));
        bool completed = submitted.Wait(TimeSpan.FromSeconds(30));
        release.Set();

        Assert.Multiple(() =>
        {
            Assert.That(completed, Is.True, "a task completed while the retry warning was being logged");
            Assert.That(Ray.Get(retried, TimeSpan.FromMinutes(1)), Is.EqualTo(2));
            Assert.That(Log.At(LogLevel.Warning), Has.Some.Contains("attempt 1 failed; retrying"));
        });
    }

    [Test]
    public void Remote_PermanentSystemFailure_NotRetried()
    {
        var devices = new FakeDevices(1 << 20);
        int entered = 0;
        devices.OnEnter = _ =>
        {
            Interlocked.Increment(ref entered);
            throw new PermanentFailure();
        };
        Restart(new RuntimeOptions { NumCpus = 2, DeviceProvider = _ => devices });

        var gpu = Ray.Remote(() => 1, "on-lost-device", new TaskOptions { NumGpus = 1, MaxRetries = 3 });

        var failure = Assert.Throws<TaskFailedException>(() => Ray.Get(gpu.Remote()));
        Assert.Multiple(() =>
        {
            Assert.That(failure!.InnerException, Is.TypeOf<PermanentFailure>());
            Assert.That(entered, Is.EqualTo(1));
        });
    }

    [Test]
    public void Remote_DependencyFails_DependentFailsHoldingTheUpstreamError()
    {
        var upstream = Ray.Remote(Fail, name: "upstream");
        var dependent = Ray.Remote((int x) => x + 1, name: "dependent");
        var up = upstream.Remote();

        var error = Assert.Throws<TaskFailedException>(() => Ray.Get(dependent.Remote(dependent.Remote(up))))!;
        Assert.That(error.TaskName, Is.EqualTo("dependent"));
        var root = (TaskFailedException)error.InnerException!;
        Assert.That(root.TaskName, Is.EqualTo("upstream"));
        Assert.That(root.TaskId, Is.EqualTo(up.Id));
        Assert.That(root.InnerException, Is.TypeOf<InvalidOperationException>());
    }

    private static int Fail() => throw new InvalidOperationException("always");

    private sealed class PermanentFailure() : GpuRayException("device gone for good"), IPermanentFailure;
}
