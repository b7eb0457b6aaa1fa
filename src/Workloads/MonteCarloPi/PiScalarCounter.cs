namespace GpuRay.Workloads.MonteCarloPi;

/// <summary>The scalar reference: one sample at a time. The GPU kernel runs this same code per thread.</summary>
internal static class PiScalarCounter
{
    /// <summary>Counts the hits of the counters in [start, end) of the stream with key <paramref name="taskKey"/>.</summary>
    public static long CountRange(ulong taskKey, long start, long end)
    {
        long hits = 0;
        long counter = start;
        while (counter < end)
        {
            ulong block = (ulong)counter >> 32;
            ulong nextBlockStart = (block + 1) << 32;
            long blockEnd = (ulong)end < nextBlockStart ? end : (long)nextBlockStart;
            PiBlockKey key = PiRandom.BlockKey(taskKey, block);
            for (; counter < blockEnd; counter++)
            {
                hits += PiRandom.Hit((uint)counter, key);
            }
        }

        return hits;
    }
}
