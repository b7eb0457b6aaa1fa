using System.Globalization;
using GpuRay.Cli.Commands;
using GpuRay.Workloads.Fibonacci;
using GpuRay.Workloads.MonteCarloPi;

namespace GpuRay.Cli.Bench;

/// <summary>What one <c>gpuray bench</c> run does: the command line resolved against the defaults.</summary>
internal sealed record BenchPlan
{
    public const string DataEnvironmentVariable = "GPURAY_DATA";

    public required IReadOnlyList<string> Workloads { get; init; }

    public bool Serial { get; init; } = true;

    public bool Parallel { get; init; } = true;

    public bool Quick { get; init; }

    public required int Tasks { get; init; }

    /// <summary>How many times each workload runs; its rows report the median times.</summary>
    public int Rounds { get; init; } = 1;

    public required int FibSize { get; init; }

    public required long PiSamples { get; init; }

    public required int ImageCount { get; init; }

    public required IReadOnlyList<int> Batches { get; init; }

    public required int ImageWidth { get; init; }

    public required int ImageHeight { get; init; }

    public required int Shards { get; init; }

    /// <summary>Rows per shard, or null for the generator's default range (134k..156k).</summary>
    public int? RowsPerShard { get; init; }

    public bool Gpu { get; init; } = true;

    public string? Device { get; init; }

    public required string DataDirectory { get; init; }

    public string? JsonPath { get; init; }

    public string? PlotPath { get; init; }

    public string? TimelinePath { get; init; }

    public bool Verbose { get; init; }

    public string Mode => (Serial, Parallel) switch
    {
        (true, true) => "both",
        (true, false) => "serial",
        _ => "parallel",
    };

    internal static readonly NumberOption TasksOption = new("--tasks", 1, 4096);
    internal static readonly NumberOption RoundsOption = new("--rounds", 1, 1000);
    internal static readonly NumberOption SamplesOption = new("--samples", 1, 1L << 40);
    internal static readonly NumberOption FibSizeOption = new("--fib-size", 1, 10_000_000);
    internal static readonly NumberOption ImagesOption = new("--images", 1, 10_000);
    internal static readonly NumberOption ShardsOption = new("--shards", 1, 1000);
    internal static readonly NumberOption RowsOption = new("--rows", 1, 100_000_000);

    public static BenchPlan From(BenchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (ParseError(settings) is string error)
        {
            throw new CliUsageException(error);
        }

        bool quick = settings.Quick;
        string workload = settings.Workload.ToLowerInvariant();
        string mode = settings.Mode.ToLowerInvariant();
        int images = CountImages(settings);
        (int width, int height) = settings.ImageSize is null ? (quick ? (640, 480) : (4000, 3000)) : ParseSize(settings.ImageSize)!.Value;
        IReadOnlyList<int> batches = settings.Batches is null ? DefaultBatches(images, quick) : ParseBatches(settings.Batches)!;
        return new BenchPlan
        {
            Workloads = workload == "all" ? ["fib", "pi", "images", "inference"] : [workload],
            Serial = mode != "parallel",
            Parallel = mode != "serial",
            Quick = quick,
            Tasks = (int)(TasksOption.Parse(settings.Tasks, out _) ?? Environment.ProcessorCount),
            Rounds = (int)(RoundsOption.Parse(settings.Rounds, out _) ?? 1),
            FibSize = (int)(FibSizeOption.Parse(settings.FibSize, out _) ?? (quick ? 20_000 : FibonacciWorkload.TutorialSequenceSize)),
            PiSamples = SamplesOption.Parse(settings.Samples, out _) ?? (quick ? 5_000_000 : MonteCarloPiWorkload.TutorialSamplesPerTask),
            ImageCount = images,
            Batches = batches,
            ImageWidth = width,
            ImageHeight = height,
            Shards = (int)(ShardsOption.Parse(settings.Shards, out _) ?? (quick ? 3 : 12)),
            RowsPerShard = (int?)RowsOption.Parse(settings.Rows, out _) ?? (quick ? 5_000 : null),
            Gpu = !settings.NoGpu,
            Device = settings.Device?.ToLowerInvariant(),
            DataDirectory = Path.GetFullPath(settings.Data ?? DefaultDataDirectory()),
            JsonPath = settings.Json,
            PlotPath = settings.Plot,
            TimelinePath = settings.Timeline,
            Verbose = settings.Verbose,
        };
    }

    /// <summary>The first problem with the number and size options, or null when they are all valid.</summary>
    public static string? ParseError(BenchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach ((NumberOption option, string? text) in new[]
        {
            (TasksOption, settings.Tasks), (RoundsOption, settings.Rounds), (SamplesOption, settings.Samples), (FibSizeOption, settings.FibSize),
            (ImagesOption, settings.Images), (ShardsOption, settings.Shards), (RowsOption, settings.Rows),
        })
        {
            _ = option.Parse(text, out string? error);
            if (error is not null)
            {
                return error;
            }
        }

        if (settings.ImageSize is string size && ParseSize(size) is null)
        {
            return $"--image-size '{size}' is not valid; use WIDTHxHEIGHT with each side 16..12000, e.g. 640x480.";
        }

        if (settings.Batches is string list)
        {
            IReadOnlyList<int>? batches = ParseBatches(list);
            if (batches is null)
            {
                return $"--batches '{list}' is not valid; use positive whole numbers separated by commas, e.g. 2,4,6.";
            }

            int images = CountImages(settings);
            if (batches.Max() > images)
            {
                return $"--batches '{list}' asks for a batch of {batches.Max()} but there are only {images} images; raise --images or lower the batch.";
            }
        }

        return null;
    }

    private static int CountImages(BenchSettings settings) => (int)(ImagesOption.Parse(settings.Images, out _) ?? (settings.Quick ? 4 : 6));

    public static string DefaultDataDirectory()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(DataEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        string local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return Path.Combine(string.IsNullOrEmpty(local) ? Path.GetTempPath() : local, "gpuray");
    }

    private static int[] DefaultBatches(int images, bool quick)
    {
        int[] preferred = quick ? [2, 4] : [2, 4, 6];
        int[] fitting = [.. preferred.Where(b => b <= images)];
        return fitting.Length > 0 ? fitting : [images];
    }

    private static (int Width, int Height)? ParseSize(string text)
    {
        string[] parts = text.Split('x', 'X');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int w)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            && w is >= 16 and <= 12_000 && h is >= 16 and <= 12_000
            ? (w, h)
            : null;
    }

    private static int[]? ParseBatches(string text)
    {
        var batches = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int batch) || batch < 1)
            {
                return null;
            }

            batches.Add(batch);
        }

        return batches.Count == 0 ? null : [.. batches.Distinct().Order()];
    }
}
