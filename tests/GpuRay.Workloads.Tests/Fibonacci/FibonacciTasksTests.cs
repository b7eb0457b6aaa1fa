using GpuRay.Options;
using GpuRay.Runtime;
using GpuRay.Workloads.Fibonacci;

namespace GpuRay.Workloads.Tests.Fibonacci;

public sealed class FibonacciTasksTests
{
    [Test]
    public async Task RunParallel_InWorkerProcesses_ReturnsTheSerialCounts()
    {
        await using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 2 });
        var reported = new List<int>();

        int[] parallel = FibonacciTasks.RunParallel(ray, 3, 2000, reported.Add, TaskIsolation.Process);

        Assert.That(parallel, Is.EqualTo(new[] { 2000, 2000, 2000 }));
        Assert.That(reported, Has.Count.EqualTo(3));
        Assert.That(FibonacciTasks.RunSerialInWorker(ray, 3, 2000), Is.EqualTo(6000));
    }

    [Test]
    public async Task GenerateLast_InAWorkerProcess_ReturnsTheSameBigInteger()
    {
        await using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 1 });
        var last = ray.Remote<int, System.Numerics.BigInteger>(FibonacciWorkload.GenerateLast, options: new TaskOptions { Isolation = TaskIsolation.Process });

        System.Numerics.BigInteger inWorker = ray.Get(last.Remote(50_000));

        Assert.That(inWorker, Is.EqualTo(FibonacciWorkload.GenerateLast(50_000)));
        Assert.That(inWorker.ToString(System.Globalization.CultureInfo.InvariantCulture), Has.Length.EqualTo(10_449), "F(49,999) has 10,449 digits");
    }

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
