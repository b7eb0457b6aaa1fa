namespace GpuRay.Inference.Execution;

/// <summary>One shard's outcome in a batch run: its prediction summary, or the error that names the file.</summary>
/// <param name="ShardPath">The shard.</param>
/// <param name="Prediction">The summary, when the shard succeeded.</param>
/// <param name="Error">The error, when it failed (an <see cref="InferenceInputException"/> names the file and column).</param>
public sealed record ShardOutcome(string ShardPath, ShardPrediction? Prediction, Exception? Error)
{
    /// <summary>True when the shard was predicted.</summary>
    public bool Succeeded => Error is null;
}
