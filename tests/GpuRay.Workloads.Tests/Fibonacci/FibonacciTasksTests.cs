using GpuRay.Runtime;
using GpuRay.Workloads.Fibonacci;

namespace GpuRay.Workloads.Tests.Fibonacci;

public sealed class FibonacciTasksTests
{
    [Test]
    public async Task RunParallel_SameSizes_ReturnsTheSerialCountsAndReportsEachTask()
    {
        await using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 2 });
        var reported = new List<int>();

        int[] parallel = FibonacciTasks.RunParallel(ray, 3, 2000, reported.Add);

        Assert.That(parallel, Is.EqualTo(FibonacciTasks.RunSerial(3, 2000)));
        Assert.That(parallel, Is.EqualTo(new[] { 2000, 2000, 2000 }));
        Assert.That(reported, Has.Count.EqualTo(3));
        Assert.That(ray.TaskCounts.Finished, Is.EqualTo(3));
    }
}
