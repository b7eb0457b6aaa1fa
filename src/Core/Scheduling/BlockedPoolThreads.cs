namespace GpuRay.Scheduling;

/// <summary>
/// Counts the pool threads that GpuRay tasks hold while blocked (in every runtime of the process, since the pool is
/// the process's) and keeps the pool's minimum worker count that many above what it was when the first one blocked.
/// </summary>
/// <remarks>
/// The minimum goes back to that base once none is blocked. A minimum the application sets while tasks are blocked
/// is overwritten until then.
/// </remarks>
internal static class BlockedPoolThreads
{
    private static readonly Lock Gate = new();
    private static int s_blocked;
    private static int s_baseWorkers;
    private static int s_baseIo;

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

    public static void Enter()
    {
        lock (Gate)
        {
            if (s_blocked == 0)
            {
                ThreadPool.GetMinThreads(out s_baseWorkers, out s_baseIo);
            }

            s_blocked++;
            ThreadPool.SetMinThreads(s_baseWorkers + s_blocked, s_baseIo);
        }
    }

    public static void Exit()
    {
        lock (Gate)
        {
            s_blocked--;
            ThreadPool.SetMinThreads(s_baseWorkers + s_blocked, s_baseIo);
        }
    }
}
