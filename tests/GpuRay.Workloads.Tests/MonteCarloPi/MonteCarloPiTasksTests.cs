using GpuRay.Gpu;
using GpuRay.Runtime;
using GpuRay.Workloads.MonteCarloPi;

namespace GpuRay.Workloads.Tests.MonteCarloPi;

public sealed class MonteCarloPiTasksTests
{
    [Test]
    public async Task RunParallelAndRunOnGpu_SameSeed_GiveExactlyTheSerialEstimate()
    {
        await using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 2 }.UseGpus(new GpuOptions { Device = "cpu" }));
        var gpuReports = new List<long>();

        PiEstimate serial = MonteCarloPiTasks.RunSerial(4, 20_000, seed: 7);
        PiEstimate parallel = MonteCarloPiTasks.RunParallel(ray, 4, 20_000, seed: 7);
        PiEstimate gpu = MonteCarloPiTasks.RunOnGpu(ray, 4, 20_000, seed: 7, gpusPerTask: 0.25, onTaskDone: gpuReports.Add);

        Assert.That(parallel, Is.EqualTo(serial));
        Assert.That(gpu, Is.EqualTo(serial));
        Assert.That(gpuReports.Sum(), Is.EqualTo(serial.Hits));
        Assert.That(Math.Abs(serial.Value - Math.PI), Is.LessThan(4 * serial.StandardError));
    }

    [Test]
    public async Task RunOnGpu_NoGpuSlot_FailsAtSubmitWithTheInfeasibleError()
    {
        await using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 2 });

        Assert.Throws<GpuRay.Errors.InfeasibleTaskException>(() => MonteCarloPiTasks.RunOnGpu(ray, 2, 1000));
    }
}
