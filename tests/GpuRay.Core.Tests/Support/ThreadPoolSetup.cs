namespace GpuRay.Core.Tests.Support;

/// <summary>
/// Tests hold several tasks open on gates at once; with the thread pool's default minimum (one thread per core)
/// a further task would wait for the pool to grow. Raise the minimum once for the whole assembly.
/// </summary>
[SetUpFixture]
public sealed class ThreadPoolSetup
{
    [OneTimeSetUp]
    public void RaiseMinimumThreads()
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), io);
    }
}
