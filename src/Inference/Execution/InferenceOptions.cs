using Microsoft.Extensions.Logging;

namespace GpuRay.Inference.Execution;

/// <summary>How a batch-inference task runs its model.</summary>
public sealed record InferenceOptions
{
    /// <summary>The CUDA device to run on, or <see langword="null"/> for the CPU execution provider.</summary>
    /// <value><see langword="null"/> (CPU).</value>
    /// <remarks>When the CUDA provider cannot be loaded or used on this device, the task runs on the CPU and one
    /// warning says why (once per device and process).</remarks>
    public int? CudaDeviceId { get; init; }

    /// <summary>Threads ONNX Runtime may use inside one operator: the task's CPU share, so that parallel tasks do not
    /// oversubscribe the cores. 0 lets ONNX Runtime use every core.</summary>
    /// <value>1.</value>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>The most rows fed to the model in one run; large row groups run in chunks of this size.</summary>
    /// <value>65,536.</value>
    public int BatchSize { get; init; } = 65_536;

    /// <summary>The most images fed to an image model in one run.</summary>
    /// <value>8.</value>
    public int ImageBatchSize { get; init; } = 8;

    /// <summary>The score at or above which a row counts as a positive prediction.</summary>
    /// <value>0.5.</value>
    public float Threshold { get; init; } = 0.5f;

    /// <summary>Whether to write each row's score to a <c>.predictions.parquet</c> file next to the shard.</summary>
    /// <value><see langword="false"/>.</value>
    public bool WritePredictions { get; init; }

    /// <summary>Where the CUDA fallback warning goes.</summary>
    /// <value><see langword="null"/>: nowhere.</value>
    public ILogger? Logger { get; init; }

    internal void Validate()
    {
        if (CudaDeviceId is int device)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(device, nameof(CudaDeviceId));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpThreads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ImageBatchSize);
        if (!float.IsFinite(Threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The threshold must be a finite number.");
        }
    }
}
