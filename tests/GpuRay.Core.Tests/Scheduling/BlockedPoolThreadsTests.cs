using GpuRay.Scheduling;

namespace GpuRay.Core.Tests.Scheduling;

/// <summary>The thread pool's minimum is the process's: GpuRay adds to the application's own, and keeps its changes.</summary>
[NonParallelizable]
public sealed class BlockedPoolThreadsTests
{
    [Test]
    public void EnterAndExit_AroundTheApplicationsOwnChange_AddToItAndLeaveIt()
    {
        Assert.That(BlockedPoolThreads.Count, Is.Zero, "no task is blocked before the test");
        ThreadPool.GetMinThreads(out int workers, out int io);
        try
        {
            BlockedPoolThreads.Enter();
            int raised = MinimumWorkers();

            // The application raises its minimum while a GpuRay task is blocked.
            ThreadPool.SetMinThreads(workers + 10, io);
            BlockedPoolThreads.Enter();
            int raisedAgain = MinimumWorkers();
            BlockedPoolThreads.Exit();
            BlockedPoolThreads.Exit();

            Assert.Multiple(() =>
            {
                Assert.That(raised, Is.EqualTo(workers + 1));
                Assert.That(raisedAgain, Is.EqualTo(workers + 10 + 2), "two blocked above the application's new minimum");
                Assert.That(MinimumWorkers(), Is.EqualTo(workers + 10), "the application's minimum once none is blocked");
                Assert.That(BlockedPoolThreads.BaseWorkers, Is.EqualTo(workers + 10));
            });
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, io);
        }
    }

    private static int MinimumWorkers()
    {
        ThreadPool.GetMinThreads(out int workers, out _);
        return workers;
    }
}
