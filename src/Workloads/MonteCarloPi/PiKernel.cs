using ILGPU;

namespace GpuRay.Workloads.MonteCarloPi;

/// <summary>The Monte Carlo pi kernel and its CPU reference.</summary>
/// <remarks>
/// Thread t takes the contiguous counters [t x perThread, (t + 1) x perThread) of the task's stream, counts its
/// hits in a register with the scalar path's own code, then each warp sums its counts with shuffles and its
/// first lane adds the sum to <c>total[0]</c> atomically. The kernel is explicitly grouped so that every lane of
/// every warp is alive for the shuffles.
/// </remarks>
internal static class PiKernel
{
    // Scalar parameters rather than a struct: ILGPU's CPU backend builds a launcher type that must see each
    // parameter's type, and the assembly's internals are not visible to it.
    public static void CountHits(ArrayView<long> total, ulong taskKey, long samples, long samplesPerThread)
    {
        long thread = ((long)Grid.IdxX * Group.DimX) + Group.IdxX;
        long start = thread * samplesPerThread;
        long end = start + samplesPerThread;
        if (end > samples)
        {
            end = samples;
        }

        long hits = start < end ? PiScalarCounter.CountRange(taskKey, start, end) : 0;
        for (int offset = Warp.WarpSize / 2; offset > 0; offset /= 2)
        {
            hits += Warp.ShuffleDown(hits, offset);
        }

        if (Warp.IsFirstLane)
        {
            Atomic.Add(ref total[0], hits);
        }
    }

    /// <summary>What <see cref="CountHits"/> computes with <paramref name="threadCount"/> threads, one thread at a time.</summary>
    public static long CountHitsReference(PiKernelParameters parameters, long threadCount)
    {
        long hits = 0;
        for (long thread = 0; thread < threadCount; thread++)
        {
            long start = thread * parameters.SamplesPerThread;
            long end = Math.Min(start + parameters.SamplesPerThread, parameters.Samples);
            if (start < end)
            {
                hits += PiScalarCounter.CountRange(parameters.TaskKey, start, end);
            }
        }

        return hits;
    }
}
