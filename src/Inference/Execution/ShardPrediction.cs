using System.Globalization;

namespace GpuRay.Inference.Execution;

/// <summary>What one batch-inference task returns for one shard.</summary>
/// <param name="ShardPath">The shard that was read.</param>
/// <param name="Rows">The rows scored.</param>
/// <param name="PositivePredictions">Rows whose score reached the threshold (predicted to tip).</param>
/// <param name="MeanScore">The mean score (tip probability) over all rows; 0 for an empty shard.</param>
/// <param name="Provider">Where the model ran: <c>CPU</c> or <c>CUDA:&lt;device&gt;</c>.</param>
/// <param name="Elapsed">The task's wall time, from opening the shard to the last row.</param>
/// <param name="PredictionsPath">The predictions file written next to the shard, if one was asked for.</param>
public sealed record ShardPrediction(
    string ShardPath,
    long Rows,
    long PositivePredictions,
    double MeanScore,
    string Provider,
    TimeSpan Elapsed,
    string? PredictionsPath)
{
    /// <summary>The shard's file name without its folder.</summary>
    public string FileName => Path.GetFileName(ShardPath);

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{FileName}: {Rows:N0} rows, {PositivePredictions:N0} predicted tips, mean score {MeanScore:F4} ({Provider}, {Elapsed.TotalMilliseconds:F0} ms)");
}
