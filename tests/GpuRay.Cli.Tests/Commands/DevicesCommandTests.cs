namespace GpuRay.Cli.Tests.Commands;

public sealed class DevicesCommandTests
{
    [Test]
    public void Devices_ForcedCpu_ShowsTheFallbackAndTheNodeResources()
    {
        CliRun run = CliRun.Start("devices", "--device", "cpu");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.ToString);
        Assert.That(run.Output, Does.Contain("GPU devices").And.Contain("CpuFallback").And.Contain("yes (ILGPU CPU accelerator)"));
        Assert.That(run.Output, Does.Contain("Node resources").And.Contain("GpuMemory"));
        Assert.That(run.Output, Does.Match(@"CPU\s+│\s+" + Environment.ProcessorCount + @"\s"));
    }
}
