using System.Globalization;
using GpuRay.Inference.Data;
using GpuRay.Inference.Execution;
using GpuRay.Inference.Models;

namespace GpuRay.Cli.Bench;

/// <summary>
/// Batch inference: generate (once) the taxi-trip shards, then score every shard with the tip model through ONNX
/// Runtime, serially and as one task per shard with the model Put once; on a CUDA device also with the CUDA provider.
/// </summary>
internal sealed class InferenceBench : IBenchWorkload
{
    public string Name => "inference";

    public string Title => "Batch inference";

    public string Unit => "rows/s";

    public int CountItems(BenchContext context) =>
        context.Plan.Shards * ((context.Plan.Serial ? 1 : 0) + (context.Plan.Parallel ? 1 : 0) + (context.IsCuda ? 1 : 0));

    public void Run(BenchContext context, WorkloadReport report, IWorkloadProgress progress)
    {
        BenchPlan plan = context.Plan;
        TaxiDataOptions dataOptions = plan.RowsPerShard is int rows
            ? new TaxiDataOptions { ShardCount = plan.Shards, MinRowsPerShard = rows, MaxRowsPerShard = rows, RowGroupsPerShard = Math.Min(3, rows) }
            : new TaxiDataOptions { ShardCount = plan.Shards };
        (TaxiDataSet data, double generateSeconds) = BenchContext.Time(
            progress, "preparing shards", () => TaxiShardGenerator.EnsureShardsAsync(DataFolder(plan, dataOptions), dataOptions).GetAwaiter().GetResult());
        report.Notes.Add(data.Reused
            ? string.Create(CultureInfo.InvariantCulture, $"{data.ShardPaths.Count} shards ({data.TotalRows:N0} rows) reused from {data.Folder}.")
            : string.Create(CultureInfo.InvariantCulture, $"{data.ShardPaths.Count} shards ({data.TotalRows:N0} rows) generated in {generateSeconds:F1} s into {data.Folder} (cached for later runs)."));

        OnnxModel model = TipModel.Default.ToOnnxModel();
        report.Notes.Add($"Model: {model} (TipModel.Default, logistic regression); the parallel run Puts it once and passes it by ref.");
        var options = new InferenceOptions { IntraOpThreads = 1, Logger = context.Logger };
        // Creating the ONNX Runtime session (once per model and device) is not part of either timed run.
        _ = BenchContext.Time(progress, "warm-up (session)", () => BatchInference.PredictShard(model, data.ShardPaths[0], options));
        double? serial = null;
        double? parallel = null;
        IReadOnlyList<ShardOutcome>? outcomes = null;
        if (plan.Serial)
        {
            (outcomes, double seconds) = BenchContext.Time(
                progress, "serial", () => BatchInferenceTasks.RunSerial(model, data.ShardPaths, options, _ => progress.Advance()));
            serial = seconds;
        }

        if (plan.Parallel)
        {
            (IReadOnlyList<ShardOutcome> parallelOutcomes, double seconds) = BenchContext.Time(
                progress, "parallel", () => BatchInferenceTasks.RunParallel(context.Ray, model, data.ShardPaths, options, onShardDone: _ => progress.Advance()));
            parallel = seconds;
            if (outcomes is not null && !Positives(outcomes).SequenceEqual(Positives(parallelOutcomes)))
            {
                report.Fail("Batch inference: the serial and parallel runs predicted different tips.");
            }

            outcomes = parallelOutcomes;
        }

        AddShardErrors(report, outcomes!);
        report.Rows.Add(Row(context, string.Create(CultureInfo.InvariantCulture, $"{data.ShardPaths.Count} shards"), "cpu", context.CpuLabel, outcomes!) with
        {
            SerialSeconds = serial,
            ParallelSeconds = parallel,
        });

        if (context.IsCuda)
        {
            (IReadOnlyList<ShardOutcome> gpuOutcomes, double seconds) = BenchContext.Time(
                progress, "GPU", () => BatchInferenceTasks.RunParallel(context.Ray, model, data.ShardPaths, options, onGpu: true, onShardDone: _ => progress.Advance()));
            AddShardErrors(report, gpuOutcomes);
            report.Rows.Add(Row(context, string.Create(CultureInfo.InvariantCulture, $"GPU {data.ShardPaths.Count} shards"), "gpu", context.Device!.Label, gpuOutcomes) with
            {
                ParallelSeconds = seconds,
                BaselineSeconds = serial,
            });
        }
        else if (context.HasGpu)
        {
            report.Notes.Add("No GPU row: ONNX Runtime's GPU path needs a CUDA device; on the CPU fallback it would be the CPU provider again.");
        }
    }

    private static string DataFolder(BenchPlan plan, TaxiDataOptions options) => Path.Combine(
        plan.DataDirectory,
        "taxi",
        string.Create(CultureInfo.InvariantCulture, $"{options.ShardCount}x{options.MinRowsPerShard}-{options.MaxRowsPerShard}-s{options.Seed}"));

    private static long[] Positives(IEnumerable<ShardOutcome> outcomes) => [.. outcomes.Select(o => o.Prediction?.PositivePredictions ?? -1)];

    private static void AddShardErrors(WorkloadReport report, IEnumerable<ShardOutcome> outcomes)
    {
        foreach (ShardOutcome outcome in outcomes.Where(o => !o.Succeeded))
        {
            report.Fail($"Batch inference: {Path.GetFileName(outcome.ShardPath)}: {outcome.Error!.Message}", outcome.Error);
        }
    }

    private static BenchRow Row(BenchContext context, string label, string variant, string device, IReadOnlyList<ShardOutcome> outcomes)
    {
        ShardPrediction[] predictions = [.. outcomes.Where(o => o.Prediction is not null).Select(o => o.Prediction!)];
        long rows = predictions.Sum(p => p.Rows);
        long positives = predictions.Sum(p => p.PositivePredictions);
        double meanScore = rows == 0 ? 0 : predictions.Sum(p => p.MeanScore * p.Rows) / rows;
        string providers = string.Join(",", predictions.Select(p => p.Provider).Distinct());
        return new BenchRow
        {
            Label = label,
            Variant = variant,
            Device = variant == "gpu" ? $"{device} [{providers}]" : device,
            Items = outcomes.Count,
            Work = rows,
            CoresUsed = Math.Min(outcomes.Count, context.Cores),
            Result = string.Create(CultureInfo.InvariantCulture, $"tips {positives:N0} / {rows:N0} ({(rows == 0 ? 0 : 100.0 * positives / rows):F1}%)"),
            Details = new Dictionary<string, object?>
            {
                ["rows"] = rows,
                ["predictedTips"] = positives,
                ["meanScore"] = meanScore,
                ["providers"] = providers,
                ["shards"] = outcomes.Select(o => new Dictionary<string, object?>
                {
                    ["file"] = Path.GetFileName(o.ShardPath),
                    ["rows"] = o.Prediction?.Rows,
                    ["predictedTips"] = o.Prediction?.PositivePredictions,
                    ["meanScore"] = o.Prediction?.MeanScore,
                    ["error"] = o.Error?.Message,
                }).ToArray(),
            },
        };
    }
}
