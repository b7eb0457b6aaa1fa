namespace GpuRay.Workloads.Images;

/// <summary>Limits and threading for <see cref="ImageIo.Load(string, ImageLoadOptions)"/>.</summary>
public sealed record ImageLoadOptions
{
    /// <summary>Gets the default options.</summary>
    public static ImageLoadOptions Default { get; } = new();

    /// <summary>Gets the largest accepted width or height in pixels.</summary>
    /// <value>16384.</value>
    public int MaxSide { get; init; } = 16384;

    /// <summary>Gets the largest accepted pixel count (width x height).</summary>
    /// <value>100,000,000 (100 MP).</value>
    public long MaxPixels { get; init; } = 100_000_000;

    /// <summary>Gets the largest single buffer the decoder may allocate, in megabytes.</summary>
    /// <value>1024.</value>
    /// <remarks>Passed to ImageSharp's <c>MemoryAllocatorOptions.AllocationLimitMegabytes</c>.</remarks>
    public int AllocationLimitMegabytes { get; init; } = 1024;

    /// <summary>Gets how many threads ImageSharp may use while decoding and encoding.</summary>
    /// <value>1, so that a 1-CPU task uses one core; set it to the task's CPU share.</value>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSide, 1, nameof(MaxSide));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPixels, 1, nameof(MaxPixels));
        ArgumentOutOfRangeException.ThrowIfLessThan(AllocationLimitMegabytes, 1, nameof(AllocationLimitMegabytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDegreeOfParallelism, 1, nameof(MaxDegreeOfParallelism));
    }
}
