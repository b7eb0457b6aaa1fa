namespace GpuRay.Workloads.Images;

/// <summary>A generated set of image files.</summary>
public sealed record ImageDataset
{
    /// <summary>Gets the folder that holds the files and the manifest.</summary>
    public required string Folder { get; init; }

    /// <summary>Gets the full paths of the images, in index order.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>Gets a value indicating whether an existing set with the same parameters was reused.</summary>
    public required bool Reused { get; init; }
}
