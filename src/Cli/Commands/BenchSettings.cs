using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GpuRay.Cli.Commands;

/// <summary>The command line of <c>gpuray bench</c>.</summary>
internal sealed class BenchSettings : CommonSettings
{
    internal static readonly string[] Workloads = ["fib", "pi", "images", "inference", "all"];
    internal static readonly string[] Modes = ["serial", "parallel", "both"];

    [CommandArgument(0, "[workload]")]
    [Description("fib, pi, images, inference or [green]all[/].")]
    [DefaultValue("all")]
    public string Workload { get; init; } = "all";

    [CommandOption("--mode <MODE>")]
    [Description("serial, parallel or [green]both[/].")]
    [DefaultValue("both")]
    public string Mode { get; init; } = "both";

    [CommandOption("--quick")]
    [Description("Smoke-test sizes that finish in seconds.")]
    public bool Quick { get; init; }

    [CommandOption("--tasks <N>")]
    [Description("Tasks for fib and pi (the tutorial: one per core). Default: the number of cores.")]
    public string? Tasks { get; init; }

    [CommandOption("--rounds <N>")]
    [Description("Run each workload N times, serial and parallel phases interleaved, and report the median times (for a noisy machine). Default: 1.")]
    public string? Rounds { get; init; }

    [CommandOption("--samples <N>")]
    [Description("Monte Carlo pi samples per task. Default: 10,000,000 (quick: 5,000,000).")]
    public string? Samples { get; init; }

    [CommandOption("--fib-size <N>")]
    [Description("Fibonacci numbers per task. Default: 100,000 (quick: 20,000).")]
    public string? FibSize { get; init; }

    [CommandOption("--images <N>")]
    [Description("Images to generate and load. Default: 6 (quick: 4).")]
    public string? Images { get; init; }

    [CommandOption("--batches <LIST>")]
    [Description("Image batch sizes, comma-separated, each at most --images. Default: 2,4,6 (quick: 2,4).")]
    public string? Batches { get; init; }

    [CommandOption("--image-size <WxH>")]
    [Description("Smallest image size (images vary up to 3/16 wider and 1/6 taller). Default: 4000x3000 (quick: 640x480).")]
    public string? ImageSize { get; init; }

    [CommandOption("--shards <N>")]
    [Description("Parquet shards for batch inference (one task each). Default: 12 (quick: 3).")]
    public string? Shards { get; init; }

    [CommandOption("--rows <N>")]
    [Description("Rows per shard. Default: 134,000 to 156,000 (quick: 5,000).")]
    public string? Rows { get; init; }

    [CommandOption("--no-gpu")]
    [Description("Skip the GPU variants of pi and images.")]
    public bool NoGpu { get; init; }

    [CommandOption("--data <DIR>")]
    [Description("Cache of generated images and shards. Default: $GPURAY_DATA, else gpuray under the local application data folder.")]
    public string? Data { get; init; }

    [CommandOption("--json <FILE>")]
    [Description("Also write the figures as JSON.")]
    public string? Json { get; init; }

    [CommandOption("--plot <FILE>")]
    [Description("Also draw serial vs parallel wall times per workload and batch as a PNG bar chart.")]
    public string? Plot { get; init; }

    [CommandOption("--timeline <FILE>")]
    [Description("Also write the run's task timeline as Chrome trace JSON (open it in ui.perfetto.dev).")]
    public string? Timeline { get; init; }

    public override ValidationResult Validate()
    {
        ValidationResult common = base.Validate();
        if (!common.Successful)
        {
            return common;
        }

        string? error = ValidateCore();
        return error is null ? ValidationResult.Success() : ValidationResult.Error(error);
    }

    private string? ValidateCore()
    {
        if (!Workloads.Contains(Workload, StringComparer.OrdinalIgnoreCase))
        {
            return $"workload '{Workload}' is not valid; valid values are {string.Join(", ", Workloads)}.";
        }

        if (!Modes.Contains(Mode, StringComparer.OrdinalIgnoreCase))
        {
            return $"--mode '{Mode}' is not valid; valid values are {string.Join(", ", Modes)}.";
        }

        return Bench.BenchPlan.ParseError(this)
            ?? NotEmpty("--data", Data)
            ?? NotEmpty("--json", Json)
            ?? NotEmpty("--plot", Plot)
            ?? NotEmpty("--timeline", Timeline);
    }

    private static string? NotEmpty(string name, string? value) =>
        value is not null && string.IsNullOrWhiteSpace(value) ? $"{name} needs a path." : null;
}
