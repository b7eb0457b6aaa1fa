using GpuRay.Workers;

namespace GpuRay.Core.Tests.Workers;

[NonParallelizable]
public sealed class WorkerLaunchTests
{
    [TestCase(null, "0x400000", TestName = "Create_NoLargeObjectThresholdSet_RaisesTheWorkersTo4MiB")]
    [TestCase("0x30000", "0x30000", TestName = "Create_LargeObjectThresholdSetByTheApplication_KeepsIt")]
    public void Create_LargeObjectThreshold(string? applications, string workers)
    {
        string? before = Environment.GetEnvironmentVariable(WorkerLaunch.LargeObjectThresholdVariable);
        Environment.SetEnvironmentVariable(WorkerLaunch.LargeObjectThresholdVariable, applications);
        try
        {
            var start = WorkerLaunch.Create("pipe");

            Assert.That(start.Environment.TryGetValue(WorkerLaunch.LargeObjectThresholdVariable, out string? value) ? value : "(not set)", Is.EqualTo(workers));
        }
        finally
        {
            Environment.SetEnvironmentVariable(WorkerLaunch.LargeObjectThresholdVariable, before);
        }
    }
}
