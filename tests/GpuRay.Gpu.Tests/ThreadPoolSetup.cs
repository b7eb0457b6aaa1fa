namespace GpuRay.Gpu.Tests;

/// <summary>
/// Tests hold several tasks open on gates at once; with two cores the pool would add threads for them only slowly.
/// </summary>
[SetUpFixture]
public sealed class ThreadPoolSetup
{
    [OneTimeSetUp]
    public void RaiseMinThreads()
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 48), io);
    }
}
