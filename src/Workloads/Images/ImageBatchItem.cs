namespace GpuRay.Workloads.Images;

/// <summary>The outcome of one file in <see cref="ImageBatch.Run(IEnumerable{string}, TransformOptions, ImageLoadOptions)"/>: a result or an error.</summary>
public sealed record ImageBatchItem
{
    /// <summary>Gets the file that was processed.</summary>
    public required string FilePath { get; init; }

    /// <summary>Gets the result, or <see langword="null"/> when the item failed.</summary>
    public TransformResult? Result { get; init; }

    /// <summary>Gets the error, or <see langword="null"/> when the item succeeded; its message names the file.</summary>
    public Exception? Error { get; init; }

    /// <summary>Gets a value indicating whether the item succeeded.</summary>
    public bool Succeeded => Error is null;
}
