using ILGPU.Runtime;

namespace GpuRay.Workloads.MonteCarloPi;

/// <summary>
/// The Monte Carlo pi workload from Ray's "Remote Tasks" tour: each task draws points in the unit square and
/// counts those inside the quarter circle; pi is 4 x hits / samples over all tasks (see <see cref="PiEstimate"/>).
/// </summary>
/// <remarks>
/// Every path draws from one counter-based generator: sample c of a task is a pure function of
/// (seed, task index, c). So the SIMD path, the scalar path and the GPU path return exactly the same count for
/// the same (samples, task index, seed), whatever the vector width, the thread count or the device. Distinct task
/// indexes give independent streams. Every method is a plain static method with plain arguments, so it can be
/// wrapped as a remote task as it is; each runs on the calling thread only.
/// </remarks>
public static class MonteCarloPiWorkload
{
    /// <summary>The tutorial's samples per task.</summary>
    /// <value>10,000,000.</value>
    public const long TutorialSamplesPerTask = 10_000_000;

    /// <summary>The seed the overloads without one use.</summary>
    /// <value>0x5EED_0F_C0FFEE_D15C.</value>
    public const ulong DefaultSeed = 0x5EED_0F_C0FFEE_D15CUL;

    /// <summary>Counts the hits of task <paramref name="taskIndex"/> with <see cref="DefaultSeed"/> on the CPU, vectorised.</summary>
    /// <param name="samples">The points to draw; zero or more.</param>
    /// <param name="taskIndex">The task's index, which picks its stream; zero or more.</param>
    /// <returns>The points inside the quarter circle.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative.</exception>
    public static long CountHits(long samples, int taskIndex)
    {
        return CountHits(samples, taskIndex, DefaultSeed);
    }

    /// <summary>Counts the hits of task <paramref name="taskIndex"/> on the CPU, vectorised.</summary>
    /// <param name="samples">The points to draw; zero or more.</param>
    /// <param name="taskIndex">The task's index, which picks its stream; zero or more.</param>
    /// <param name="seed">The seed shared by all tasks of one run.</param>
    /// <returns>The points inside the quarter circle.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative.</exception>
    /// <remarks>
    /// Uses AVX-512 (<c>Vector512</c>) where it is hardware accelerated, else AVX2 (<c>Vector256</c>), else the
    /// portable <c>Vector128</c> code, with scalar code for the tail. The count equals
    /// <see cref="CountHitsScalar"/>'s for the same arguments, whatever the width.
    /// </remarks>
    public static long CountHits(long samples, int taskIndex, ulong seed)
    {
        Validate(samples, taskIndex);
        return PiSimdCounter.CountRange(PiRandom.TaskKey(seed, taskIndex), 0, samples);
    }

    /// <summary>Counts the hits of task <paramref name="taskIndex"/> on the CPU, one sample at a time.</summary>
    /// <param name="samples">The points to draw; zero or more.</param>
    /// <param name="taskIndex">The task's index, which picks its stream; zero or more.</param>
    /// <param name="seed">The seed shared by all tasks of one run.</param>
    /// <returns>The points inside the quarter circle.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative.</exception>
    /// <remarks>The reference for the other paths and the baseline for benchmarks.</remarks>
    public static long CountHitsScalar(long samples, int taskIndex, ulong seed)
    {
        Validate(samples, taskIndex);
        return PiScalarCounter.CountRange(PiRandom.TaskKey(seed, taskIndex), 0, samples);
    }

    /// <summary>Counts the hits of task <paramref name="taskIndex"/> with <see cref="DefaultSeed"/> on an ILGPU accelerator.</summary>
    /// <param name="accelerator">The accelerator to run on; the caller owns it and keeps it alive.</param>
    /// <param name="samples">The points to draw; zero or more.</param>
    /// <param name="taskIndex">The task's index, which picks its stream; zero or more.</param>
    /// <returns>The points inside the quarter circle.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="accelerator"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative.</exception>
    public static long CountHitsOnGpu(Accelerator accelerator, long samples, int taskIndex)
    {
        return CountHitsOnGpu(accelerator, samples, taskIndex, DefaultSeed);
    }

    /// <summary>Counts the hits of task <paramref name="taskIndex"/> on an ILGPU accelerator.</summary>
    /// <param name="accelerator">The accelerator to run on; the caller owns it and keeps it alive.</param>
    /// <param name="samples">The points to draw; zero or more.</param>
    /// <param name="taskIndex">The task's index, which picks its stream; zero or more.</param>
    /// <param name="seed">The seed shared by all tasks of one run.</param>
    /// <returns>The points inside the quarter circle.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="accelerator"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative.</exception>
    /// <remarks>
    /// Each GPU thread counts its own run of the task's stream in a register; the counts are summed on the
    /// device (warp shuffles, then one atomic add per warp) and only the total is copied back. The kernel is
    /// compiled on the first call for each accelerator and cached. The call uses its own stream and waits for it,
    /// so several tasks can share an accelerator. The count equals <see cref="CountHitsScalar"/>'s.
    /// </remarks>
    public static long CountHitsOnGpu(Accelerator accelerator, long samples, int taskIndex, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        Validate(samples, taskIndex);
        return PiGpuCounter.Count(
            accelerator, PiRandom.TaskKey(seed, taskIndex), samples, PiGpuCounter.DefaultThreadCount(accelerator, samples));
    }

    /// <summary>Counts on an accelerator with a chosen thread count (tests use a few threads on the CPU accelerator).</summary>
    internal static long CountHitsOnGpu(Accelerator accelerator, long samples, int taskIndex, ulong seed, long threadCount)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        Validate(samples, taskIndex);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threadCount);
        return PiGpuCounter.Count(accelerator, PiRandom.TaskKey(seed, taskIndex), samples, threadCount);
    }

    private static void Validate(long samples, int taskIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        ArgumentOutOfRangeException.ThrowIfNegative(taskIndex);
    }
}
