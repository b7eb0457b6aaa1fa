namespace GpuRay.Scheduling;

/// <summary>
/// Counts the pool threads that GpuRay tasks hold while blocked (in every runtime of the process, since the pool is
/// the process's) and keeps the pool's minimum worker count that many above the application's own minimum.
/// </summary>
/// <remarks>
/// The application's minimum is what the pool had when the first task blocked, or what the application set since:
/// a minimum that differs from the one GpuRay last set was set by someone else, and becomes the new base. Once no
/// task is blocked, the minimum is the base again.
/// </remarks>
internal static class BlockedPoolThreads
{
    private static readonly Lock Gate = new();
    private static int s_blocked;
    private static int s_baseWorkers;
    private static int s_baseIo;

    // The worker minimum GpuRay set last (0 while none is blocked).
    private static int s_setWorkers;

    /// <summary>The number of pool threads blocked in GpuRay tasks now.</summary>
    public static int Count
    {
        get
        {
            lock (Gate)
            {
                return s_blocked;
            }
        }
    }

    /// <summary>The application's own minimum, without GpuRay's additions (for tests).</summary>
    internal static int BaseWorkers
    {
        get
        {
            lock (Gate)
            {
                return s_blocked == 0 ? Current().Workers : s_baseWorkers;
            }
        }
    }

    public static void Enter()
    {
        lock (Gate)
        {
            AdoptOutsideChange();
            s_blocked++;
            Apply();
        }
    }

    public static void Exit()
    {
        lock (Gate)
        {
            AdoptOutsideChange();
            s_blocked--;
            Apply();
        }
    }

    private static (int Workers, int Io) Current()
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        return (workers, io);
    }

    /// <summary>Takes the pool's minimum as the base when it is not the one GpuRay set (first block, or the application changed it).</summary>
    private static void AdoptOutsideChange()
    {
        (int workers, int io) = Current();
        if (s_blocked == 0 || workers != s_setWorkers)
        {
            s_baseWorkers = workers;
        }

        s_baseIo = io;
    }

    private static void Apply()
    {
        s_setWorkers = s_baseWorkers + s_blocked;
        if (!ThreadPool.SetMinThreads(s_setWorkers, s_baseIo))
        {
            // Refused (above the pool's maximum): the pool keeps what it had, which is then what GpuRay set.
            s_setWorkers = Current().Workers;
        }
    }
}
