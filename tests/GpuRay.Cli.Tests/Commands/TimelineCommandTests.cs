namespace GpuRay.Cli.Tests.Commands;

public sealed class TimelineCommandTests
{
    [Test]
    public void Timeline_Always_ExplainsHowToRecordAndOpenATrace()
    {
        CliRun run = CliRun.Start("timeline");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.ToString);
        Assert.That(run.Output, Does.Contain("--timeline trace.json").And.Contain("ui.perfetto.dev").And.Contain("chrome://tracing"));
    }
}
