namespace GpuRay.Workloads.Fibonacci;

/// <summary>The Fibonacci workload run as the tutorial runs it: serially, or as one remote task per sequence.</summary>
public static class FibonacciTasks
{
    /// <summary>Generates <paramref name="tasks"/> sequences one after another on the calling thread.</summary>
    /// <param name="tasks">How many sequences (the tutorial uses one per core).</param>
    /// <param name="sequenceSize">Numbers per sequence (the tutorial uses 100,000).</param>
    /// <param name="onTaskDone">Called with each sequence's count as it finishes.</param>
    /// <returns>Each sequence's count, in order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative.</exception>
    public static int[] RunSerial(int tasks, int sequenceSize, Action<int>? onTaskDone = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tasks);
        var counts = new int[tasks];
        for (int i = 0; i < tasks; i++)
        {
            counts[i] = FibonacciWorkload.Generate(sequenceSize);
            onTaskDone?.Invoke(counts[i]);
        }

        return counts;
    }

    /// <summary>Generates <paramref name="tasks"/> sequences as remote tasks, one CPU each.</summary>
    /// <param name="ray">The runtime.</param>
    /// <param name="tasks">How many sequences.</param>
    /// <param name="sequenceSize">Numbers per sequence.</param>
    /// <param name="onTaskDone">Called on the calling thread with each count as its task finishes.</param>
    /// <returns>Each sequence's count, in submission order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative.</exception>
    /// <exception cref="Errors.TaskFailedException">A task failed.</exception>
    public static int[] RunParallel(GpuRayRuntime ray, int tasks, int sequenceSize, Action<int>? onTaskDone = null)
    {
        ArgumentNullException.ThrowIfNull(ray);
        ArgumentOutOfRangeException.ThrowIfNegative(tasks);
        ArgumentOutOfRangeException.ThrowIfNegative(sequenceSize);
        var generate = ray.Remote<int, int>(FibonacciWorkload.Generate);
        Objects.ObjectRef<int>[] refs = [.. Enumerable.Range(0, tasks).Select(_ => generate.Remote(sequenceSize))];
        foreach (Objects.ObjectRef<int> done in ray.AsCompleted(refs))
        {
            onTaskDone?.Invoke(ray.Get(done));
        }

        return ray.Get(refs);
    }
}
