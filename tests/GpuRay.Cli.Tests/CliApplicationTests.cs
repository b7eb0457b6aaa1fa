namespace GpuRay.Cli.Tests;

public sealed class CliApplicationTests
{
    [TestCase("bench", "--tasks", "x", ExpectedResult = "--tasks 'x' is not a whole number.")]
    [TestCase("bench", "--tasks", "0", ExpectedResult = "--tasks 0 is out of range; valid values are 1..4,096.")]
    [TestCase("bench", "quantum", ExpectedResult = "workload 'quantum' is not valid; valid values are fib, pi, images, inference, all.")]
    [TestCase("bench", "--mode", "fast", ExpectedResult = "--mode 'fast' is not valid; valid values are serial, parallel, both.")]
    [TestCase("bench", "--device", "tpu", ExpectedResult = "--device 'tpu' is not valid; valid values are auto, cuda, opencl, cpu.")]
    [TestCase("bench", "--batches", "2,x", ExpectedResult = "--batches '2,x' is not valid; use positive whole numbers separated by commas, e.g. 2,4,6.")]
    [TestCase("bench", "--images", "2", "--batches", "4", ExpectedResult = "--batches '4' asks for a batch of 4 but there are only 2 images; raise --images or lower the batch.")]
    [TestCase("bench", "--image-size", "10x10", ExpectedResult = "--image-size '10x10' is not valid; use WIDTHxHEIGHT with each side 16..12000, e.g. 640x480.")]
    [TestCase("devices", "--device", "tpu", ExpectedResult = "--device 'tpu' is not valid; valid values are auto, cuda, opencl, cpu.")]
    public string Run_BadArgument_ExitsWithTwoAndOneLineNamingTheProblem(params string[] args)
    {
        CliRun run = CliRun.Start(args);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadArguments), run.ToString);
        Assert.That(run.ErrorLines, Has.Length.EqualTo(1), run.ToString);
        Assert.That(run.Errors, Does.Not.Contain(" at "), "no stack trace without --verbose");
        return run.ErrorLines[0].TrimEnd().Replace("gpuray: error: ", string.Empty, StringComparison.Ordinal);
    }

    [TestCase("frob")]
    [TestCase("bench", "--no-such-option")]
    [TestCase("bench", "--tasks")]
    public void Run_UnknownCommandOrOption_ExitsWithTwoAndOneLine(params string[] args)
    {
        CliRun run = CliRun.Start(args);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadArguments), run.ToString);
        Assert.That(run.ErrorLines, Has.Length.EqualTo(1), run.ToString);
        Assert.That(run.ErrorLines[0], Does.StartWith("gpuray: error: "));
    }

    [TestCase(new[] { "--help" }, "bench")]
    [TestCase(new[] { "bench", "--help" }, "--samples <N>")]
    [TestCase(new[] { "devices", "--help" }, "--device <KIND>")]
    [TestCase(new[] { "timeline", "--help" }, "Perfetto")]
    public void Run_Help_ExitsWithZeroAndDescribesTheCommand(string[] args, string expected)
    {
        CliRun run = CliRun.Start(args);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.ToString);
        Assert.That(run.Output, Does.Contain("USAGE").And.Contain(expected));
        Assert.That(run.Errors, Is.Empty);
    }
}
