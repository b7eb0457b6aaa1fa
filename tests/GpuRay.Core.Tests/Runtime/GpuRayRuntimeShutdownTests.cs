using GpuRay.Core.Tests.Support;
using GpuRay.Objects;
using GpuRay.Runtime;

using Microsoft.Extensions.Logging;

namespace GpuRay.Core.Tests.Runtime;

public sealed class GpuRayRuntimeShutdownTests
{
    // Only a guard against a hang (the defect itself); no assertion is about time.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Test]
    public void DisposeAsync_TaskIgnoresItsToken_ReturnsAfterTheTimeoutAndLogsTheTask()
    {
        using var log = new ListLogger();
        using var release = new ManualResetEventSlim();
        var started = new TaskCompletionSource();
        GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 1, LoggerFactory = log, ShutdownTimeout = TimeSpan.Zero });
        var stubborn = ray.Remote(
            () =>
            {
                started.SetResult();
                release.Wait();
                return 1;
            },
            name: "ignores-its-token");
        ObjectRef<int> running = stubborn.Remote();
        try
        {
            Assert.That(started.Task.Wait(Guard), Is.True, "the task did not start");

            Task shutdown = ray.DisposeAsync().AsTask();

            Assert.That(shutdown.Wait(Guard), Is.True, "Dispose waited for a task that ignores its token");
            Assert.That(
                log.At(LogLevel.Warning),
                Has.One.Contains($"'ignores-its-token' (id {running.Id})").And.Contains("ShutdownTimeout"));
            Assert.That(running.IsCompleted, Is.True, "the task's ref failed as cancelled");
        }
        finally
        {
            release.Set();
        }
    }
}
