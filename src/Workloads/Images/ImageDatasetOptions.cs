namespace GpuRay.Workloads.Images;

/// <summary>Parameters of <see cref="ImageDatasetGenerator"/>; the same parameters always give the same files.</summary>
public sealed record ImageDatasetOptions
{
    /// <summary>Gets the number of images; even indices are PNG, odd ones JPEG.</summary>
    /// <value>10.</value>
    public int Count { get; init; } = 10;

    /// <summary>Gets the seed of every random choice.</summary>
    /// <value>42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>Gets the smallest width; image i is up to 3/16 wider.</summary>
    /// <value>4000.</value>
    public int BaseWidth { get; init; } = 4000;

    /// <summary>Gets the smallest height; image i is up to 1/6 taller.</summary>
    /// <value>3000 (so heights run 3000..3500).</value>
    public int BaseHeight { get; init; } = 3000;

    /// <summary>Gets the JPEG quality, 1..100.</summary>
    /// <value>90.</value>
    public int JpegQuality { get; init; } = 90;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Count, 1, nameof(Count));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Count, 10_000, nameof(Count));
        ArgumentOutOfRangeException.ThrowIfLessThan(BaseWidth, 16, nameof(BaseWidth));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BaseWidth, 12_000, nameof(BaseWidth));
        ArgumentOutOfRangeException.ThrowIfLessThan(BaseHeight, 16, nameof(BaseHeight));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BaseHeight, 12_000, nameof(BaseHeight));
        ArgumentOutOfRangeException.ThrowIfLessThan(JpegQuality, 1, nameof(JpegQuality));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(JpegQuality, 100, nameof(JpegQuality));
    }
}
