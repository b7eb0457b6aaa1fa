using Spectre.Console.Testing;

namespace GpuRay.Cli.Tests;

/// <summary>Runs the tool in process against a test console and captures everything it wrote.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Errors)
{
    /// <summary>A data folder shared by the whole suite, so that generated images and shards are made once.</summary>
    public static string DataDirectory => Path.Combine(TestContext.CurrentContext.WorkDirectory, "gpuray-test-data");

    /// <summary>The sizes every bench test starts from: smaller still than --quick, and no cache outside the test folder.</summary>
    public static string[] Tiny =>
    [
        "--quick", "--tasks", "2", "--fib-size", "500", "--samples", "20000", "--images", "2", "--batches", "1,2",
        "--image-size", "32x24", "--shards", "2", "--rows", "600", "--data", DataDirectory,
    ];

    public string[] ErrorLines => Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static CliRun Start(params string[] args)
    {
        var console = new TestConsole().Width(220);
        var errors = new StringWriter();
        int exitCode = CliApplication.Run(args, console, errors);
        return new CliRun(exitCode, console.Output, errors.ToString());
    }

    public static CliRun Bench(params string[] args) => Start(["bench", .. args, .. Tiny]);

    public override string ToString() => $"exit {ExitCode}\n--- output ---\n{Output}\n--- errors ---\n{Errors}";
}
