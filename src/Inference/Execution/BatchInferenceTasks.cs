using GpuRay.Errors;
using GpuRay.Inference.Models;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Resources;
using GpuRay.Scheduling;

namespace GpuRay.Inference.Execution;

/// <summary>
/// Batch inference as the tutorial runs it: the model is put in the object store once and passed by ref, one task
/// per shard, and the first finished shards are reported first.
/// </summary>
/// <remarks>A bad shard fails only its own outcome; the other shards complete.</remarks>
public static class BatchInferenceTasks
{
    /// <summary>Predicts the shards one after another on the calling thread.</summary>
    /// <param name="model">The model.</param>
    /// <param name="shards">The shard files.</param>
    /// <param name="options">Inference options (one intra-op thread by default).</param>
    /// <param name="onShardDone">Called with each outcome as it finishes.</param>
    /// <returns>One outcome per shard, in order.</returns>
    public static IReadOnlyList<ShardOutcome> RunSerial(
        OnnxModel model, IReadOnlyList<string> shards, InferenceOptions? options = null, Action<ShardOutcome>? onShardDone = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(shards);
        var outcomes = new List<ShardOutcome>(shards.Count);
        foreach (string shard in shards)
        {
            ShardOutcome outcome;
            try
            {
                outcome = new ShardOutcome(shard, BatchInference.PredictShard(model, shard, options), null);
            }
            catch (InferenceInputException ex)
            {
                outcome = new ShardOutcome(shard, null, ex);
            }

            outcomes.Add(outcome);
            onShardDone?.Invoke(outcome);
        }

        return outcomes;
    }

    /// <summary>Predicts each shard in its own remote task; the model is Put once and every task gets it by ref.</summary>
    /// <param name="ray">The runtime (started with <c>UseGpus</c> for <paramref name="onGpu"/>).</param>
    /// <param name="model">The model.</param>
    /// <param name="shards">The shard files.</param>
    /// <param name="options">Inference options; a GPU task's device is chosen by the scheduler.</param>
    /// <param name="onGpu">Ask for one GPU per task: CUDA on a CUDA device, else ONNX Runtime's CPU provider.</param>
    /// <param name="onShardDone">Called on the calling thread with each outcome as its task finishes, first finished first.</param>
    /// <returns>One outcome per shard, in order.</returns>
    public static IReadOnlyList<ShardOutcome> RunParallel(
        GpuRayRuntime ray,
        OnnxModel model,
        IReadOnlyList<string> shards,
        InferenceOptions? options = null,
        bool onGpu = false,
        Action<ShardOutcome>? onShardDone = null)
    {
        ArgumentNullException.ThrowIfNull(ray);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(shards);
        InferenceOptions settings = options ?? new InferenceOptions();
        ObjectRef<OnnxModel> modelRef = ray.Put(model);
        var predict = ray.Remote<OnnxModel, string, ShardPrediction>(
            (m, shard) => BatchInference.PredictShard(m, shard, settings with { CudaDeviceId = CudaDevice() }),
            name: "GpuRay.Inference.BatchInference.PredictShard",
            options: onGpu ? new TaskOptions { NumGpus = 1 } : TaskOptions.Default);
        ObjectRef<ShardPrediction>[] refs = [.. shards.Select(shard => predict.Remote(modelRef, shard))];
        var outcomes = new ShardOutcome[refs.Length];
        foreach (ObjectRef<ShardPrediction> done in ray.AsCompleted(refs))
        {
            int index = Array.IndexOf(refs, done);
            try
            {
                outcomes[index] = new ShardOutcome(shards[index], ray.Get(done), null);
            }
            catch (TaskFailedException ex)
            {
                outcomes[index] = new ShardOutcome(shards[index], null, ex.InnerException is InferenceInputException input ? input : ex);
            }

            onShardDone?.Invoke(outcomes[index]);
        }

        return outcomes;
    }

    /// <summary>The CUDA device of the running task, when it was given a real CUDA device.</summary>
    private static int? CudaDevice() =>
        TaskContext.Current?.Devices is [DeviceSlot { Kind: "Cuda", IsFallback: false } device, ..] ? device.Index : null;
}
