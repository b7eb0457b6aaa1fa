using Microsoft.Extensions.Logging;

namespace GpuRay;

public sealed partial class GpuRayRuntime
{
    private static void ValidateShutdownTimeout(TimeSpan timeout)
    {
        if (timeout != Timeout.InfiniteTimeSpan && (timeout < TimeSpan.Zero || timeout.TotalMilliseconds > int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(
                nameof(Runtime.RuntimeOptions.ShutdownTimeout),
                timeout,
                $"Invalid value for option RuntimeOptions.ShutdownTimeout: {timeout}. Valid values are 0 to {int.MaxValue} ms, or Timeout.InfiniteTimeSpan to wait without limit.");
        }
    }

    /// <summary>
    /// Waits for the cancelled tasks to return, up to <see cref="Runtime.RuntimeOptions.ShutdownTimeout"/>; a task
    /// that ignores its token must not hold Dispose for ever. Those still running then are logged by name and id.
    /// </summary>
    private async Task WaitForRunningTasksAsync(Task drained)
    {
        TimeSpan timeout = _options.ShutdownTimeout;
        if (drained.IsCompleted || timeout == Timeout.InfiniteTimeSpan)
        {
            await drained.ConfigureAwait(false);
            return;
        }

        try
        {
            await drained.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            List<string> running = Scheduler.DescribeActive();
            Scheduling.Scheduler.SafeLog(() => _logger.LogWarning(
                "Shutdown stopped waiting after {Seconds} s (RuntimeOptions.ShutdownTimeout) for {Count} task(s) that ignore their cancellation token: {Tasks}. They run on; the devices are released when they return.",
                timeout.TotalSeconds,
                running.Count,
                string.Join(", ", running)));
        }
    }

    private void ReleaseDevicesAfter(Task? drained)
    {
        if (_devices is null)
        {
            return;
        }

        if (drained is null || drained.IsCompleted)
        {
            _devices.Dispose();
            return;
        }

        _ = drained.ContinueWith(
            static (_, devices) => ((Resources.IDeviceProvider)devices!).Dispose(),
            _devices,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
