using GpuRay.Options;

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

    /// <summary>
    /// Generates <paramref name="tasks"/> sequences one after another in a single worker process: the serial baseline of
    /// <see cref="RunParallel"/> with <see cref="TaskIsolation.Process"/>, measured under the worker's own runtime
    /// settings (its garbage collector) rather than this process's.
    /// </summary>
    /// <param name="ray">The runtime.</param>
    /// <param name="tasks">How many sequences.</param>
    /// <param name="sequenceSize">Numbers per sequence.</param>
    /// <returns>The total count of numbers generated.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative.</exception>
    /// <exception cref="Errors.TaskFailedException">The task failed.</exception>
    public static long RunSerialInWorker(GpuRayRuntime ray, int tasks, int sequenceSize)
    {
        ArgumentNullException.ThrowIfNull(ray);
        ArgumentOutOfRangeException.ThrowIfNegative(tasks);
        ArgumentOutOfRangeException.ThrowIfNegative(sequenceSize);
        var generate = ray.Remote<int, int, long>(FibonacciWorkload.GenerateSerial, options: new TaskOptions { Isolation = TaskIsolation.Process });
        return ray.Get(generate.Remote(sequenceSize, tasks));
    }

    /// <summary>Generates <paramref name="tasks"/> sequences as remote tasks, one CPU each.</summary>
    /// <param name="ray">The runtime.</param>
    /// <param name="tasks">How many sequences.</param>
    /// <param name="sequenceSize">Numbers per sequence.</param>
    /// <param name="onTaskDone">Called on the calling thread with each count as its task finishes.</param>
    /// <param name="isolation">
    /// Where the tasks run. <see cref="TaskIsolation.Process"/> (worker processes, as Ray runs them) scales with cores:
    /// every addition allocates a new BigInteger, and threads of one process share its garbage collector, which stops
    /// them all for each collection.
    /// </param>
    /// <returns>Each sequence's count, in submission order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative.</exception>
    /// <exception cref="Errors.TaskFailedException">A task failed.</exception>
    public static int[] RunParallel(GpuRayRuntime ray, int tasks, int sequenceSize, Action<int>? onTaskDone = null, TaskIsolation isolation = TaskIsolation.None)
    {
        ArgumentNullException.ThrowIfNull(ray);
        ArgumentOutOfRangeException.ThrowIfNegative(tasks);
        ArgumentOutOfRangeException.ThrowIfNegative(sequenceSize);
        var generate = ray.Remote<int, int>(FibonacciWorkload.Generate, options: new TaskOptions { Isolation = isolation });
        Objects.ObjectRef<int>[] refs = [.. Enumerable.Range(0, tasks).Select(_ => generate.Remote(sequenceSize))];
        foreach (Objects.ObjectRef<int> done in ray.AsCompleted(refs))
        {
            onTaskDone?.Invoke(ray.Get(done));
        }

        return ray.Get(refs);
    }
}
