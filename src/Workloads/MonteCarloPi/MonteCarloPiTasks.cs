using GpuRay.Gpu;
using GpuRay.Objects;
using GpuRay.Options;

namespace GpuRay.Workloads.MonteCarloPi;

/// <summary>Monte Carlo pi as the tutorial runs it: one task per core, each returning its hits, summed at the end.</summary>
/// <remarks>
/// Every path draws the same samples for the same (tasks, samples, seed), so serial, parallel and GPU runs return
/// the same estimate: a cheap cross-check of the three.
/// </remarks>
public static class MonteCarloPiTasks
{
    /// <summary>Counts every task's hits one after another on the calling thread (vectorised).</summary>
    /// <param name="tasks">How many tasks.</param>
    /// <param name="samplesPerTask">Samples per task (the tutorial uses 10,000,000).</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="onTaskDone">Called with each task's hits as it finishes.</param>
    /// <returns>The estimate over all samples.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative, or there are no samples.</exception>
    public static PiEstimate RunSerial(int tasks, long samplesPerTask, ulong seed = MonteCarloPiWorkload.DefaultSeed, Action<long>? onTaskDone = null)
    {
        Validate(tasks, samplesPerTask);
        long hits = 0;
        for (int i = 0; i < tasks; i++)
        {
            long taskHits = MonteCarloPiWorkload.CountHits(samplesPerTask, i, seed);
            hits += taskHits;
            onTaskDone?.Invoke(taskHits);
        }

        return new PiEstimate(hits, tasks * samplesPerTask);
    }

    /// <summary>Counts each task's hits in a remote CPU task (vectorised), one CPU each.</summary>
    /// <param name="ray">The runtime.</param>
    /// <param name="tasks">How many tasks.</param>
    /// <param name="samplesPerTask">Samples per task (the tutorial uses 10,000,000).</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="onTaskDone">Called on the calling thread with each task's hits as it finishes.</param>
    /// <returns>The estimate over all samples.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative, or there are no samples.</exception>
    /// <exception cref="Errors.TaskFailedException">A task failed.</exception>
    public static PiEstimate RunParallel(
        GpuRayRuntime ray, int tasks, long samplesPerTask, ulong seed = MonteCarloPiWorkload.DefaultSeed, Action<long>? onTaskDone = null)
    {
        ArgumentNullException.ThrowIfNull(ray);
        Validate(tasks, samplesPerTask);
        var count = ray.Remote<long, int, ulong, long>(MonteCarloPiWorkload.CountHits);
        return Collect(ray, [.. Enumerable.Range(0, tasks).Select(i => count.Remote(samplesPerTask, i, seed))], samplesPerTask, onTaskDone);
    }

    /// <summary>Counts each task's hits in a remote GPU task: an ILGPU kernel on the task's device, reduced there.</summary>
    /// <param name="ray">A runtime started with <c>UseGpus</c>.</param>
    /// <param name="tasks">How many tasks.</param>
    /// <param name="samplesPerTask">Samples per task (the tutorial uses 10,000,000).</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="gpusPerTask">Each task's share of a device (0.25: four tasks share one).</param>
    /// <param name="onTaskDone">Called on the calling thread with each task's hits as it finishes.</param>
    /// <returns>The estimate over all samples.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative, or there are no samples.</exception>
    /// <exception cref="Errors.InfeasibleTaskException">The runtime has no GPU slot.</exception>
    /// <exception cref="Errors.TaskFailedException">A task failed.</exception>
    public static PiEstimate RunOnGpu(
        GpuRayRuntime ray,
        int tasks,
        long samplesPerTask,
        ulong seed = MonteCarloPiWorkload.DefaultSeed,
        double gpusPerTask = 0.25,
        Action<long>? onTaskDone = null)
    {
        ArgumentNullException.ThrowIfNull(ray);
        Validate(tasks, samplesPerTask);
        // The device does the work; the task's thread only launches and waits, so it holds no CPU slot.
        var count = ray.Remote<long, int, ulong, long>(
            CountOnGpu,
            name: "GpuRay.Workloads.MonteCarloPi.CountHitsOnGpu",
            options: new TaskOptions { NumGpus = gpusPerTask, NumCpus = 0 });
        return Collect(ray, [.. Enumerable.Range(0, tasks).Select(i => count.Remote(samplesPerTask, i, seed))], samplesPerTask, onTaskDone);
    }

    private static long CountOnGpu(long samples, int taskIndex, ulong seed) =>
        MonteCarloPiWorkload.CountHitsOnGpu(GpuContext.Current.Accelerator, samples, taskIndex, seed);

    private static PiEstimate Collect(GpuRayRuntime ray, ObjectRef<long>[] refs, long samplesPerTask, Action<long>? onTaskDone)
    {
        foreach (ObjectRef<long> done in ray.AsCompleted(refs))
        {
            onTaskDone?.Invoke(ray.Get(done));
        }

        return new PiEstimate(ray.Get(refs).Sum(), refs.Length * samplesPerTask);
    }

    private static void Validate(int tasks, long samplesPerTask)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tasks);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samplesPerTask);
    }
}
