using Spectre.Console.Testing;

namespace GpuRay.Cli.Tests.Bench;

public sealed class LiveProgressTests
{
    [Test]
    public void Bench_InteractiveConsole_DrawsProgressBarsThenTheTable()
    {
        var console = new TestConsole().Width(160).Interactive().EmitAnsiSequences();
        var errors = new StringWriter();

        int exitCode = CliApplication.Run(["bench", "fib", "--no-gpu", .. CliRun.Tiny], console, errors);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.Success), errors.ToString);
        Assert.That(console.Output, Does.Contain("━"), "a progress bar was drawn");
        Assert.That(console.Output, Does.Contain("100%"));
        Assert.That(console.Output, Does.Contain("2 x 500"), "the table follows the bars");
        Assert.That(console.Output, Does.Not.Contain("Fibonacci: serial, 2 done"), "no log lines on a live terminal");
    }
}
