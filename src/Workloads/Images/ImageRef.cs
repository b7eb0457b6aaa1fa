using GpuRay.Objects;

namespace GpuRay.Workloads.Images;

/// <summary>A decoded image in the object store, with the file it came from (for errors and results).</summary>
/// <param name="FilePath">The source file.</param>
/// <param name="Image">The image's ref; it fails with the file's load error when the file could not be decoded.</param>
public sealed record ImageRef(string FilePath, ObjectRef<RgbaImage> Image);
