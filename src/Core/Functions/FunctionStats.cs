using System.Diagnostics;

using Microsoft.Extensions.Logging;

namespace GpuRay.Functions;

/// <summary>
/// Per remote function (shared by its WithOptions copies): watches the first tasks' run times and warns once when
/// they are so short that scheduling overhead dominates, which Ray users have long asked for.
/// </summary>
internal sealed class FunctionStats(int sampleSize, TimeSpan threshold)
{
    private long _count;
    private long _ticks;

    public void Record(RemoteFunction function, long elapsedTicks, ILogger logger)
    {
        if (Volatile.Read(ref _count) >= sampleSize)
        {
            return;
        }

        Interlocked.Add(ref _ticks, elapsedTicks);
        if (Interlocked.Increment(ref _count) != sampleSize)
        {
            return;
        }

        TimeSpan mean = Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks) / sampleSize);
        if (mean < threshold)
        {
            Warn(function, mean, logger);
        }
    }

    private void Warn(RemoteFunction function, TimeSpan mean, ILogger logger)
    {
        try
        {
            logger.LogWarning(
                "Remote function '{Function}': its first {Count} tasks ran {Mean:0.0} us on average, under the {Threshold:0} us "
                + "threshold, so per-task scheduling overhead dominates. Give each task more work (batch items per task) "
                + "or call the function directly.",
                function.Name,
                sampleSize,
                mean.TotalMicroseconds,
                threshold.TotalMicroseconds);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A user's logger must not fail the task that happened to complete the sample.
            Debug.WriteLine($"GpuRay: a logger threw: {ex}");
        }
    }
}
