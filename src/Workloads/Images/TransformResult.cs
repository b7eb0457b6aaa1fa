namespace GpuRay.Workloads.Images;

/// <summary>The small result of transforming one image: shapes, the tensor arithmetic, and a thumbnail.</summary>
public sealed record TransformResult
{
    /// <summary>Gets the name of the source image.</summary>
    public required string SourceName { get; init; }

    /// <summary>Gets the width of the source image.</summary>
    public required int Width { get; init; }

    /// <summary>Gets the height of the source image.</summary>
    public required int Height { get; init; }

    /// <summary>Gets the width of the transformed image.</summary>
    public required int OutputWidth { get; init; }

    /// <summary>Gets the height of the transformed image.</summary>
    public required int OutputHeight { get; init; }

    /// <summary>Gets the shape of the tensor the arithmetic ran on: height, width, 3 (RGB), as numpy gives it.</summary>
    public IReadOnlyList<int> TensorShape => [OutputHeight, OutputWidth, 3];

    /// <summary>Gets the augmentation that was applied, for example "Rotate90" or "Brightness x1.23", or "None".</summary>
    public required string Augmentation { get; init; }

    /// <summary>Gets <c>s = sum(pow(tensor, 2))</c> over the RGB bytes of the transformed image, in 64-bit integers.</summary>
    public required long TensorSum { get; init; }

    /// <summary>Gets a checksum of <c>m = mul(pow(tensor, 2), s)</c>: the wrapping sum of <c>m[e] * (2e + 1)</c>.</summary>
    public required ulong TensorProductChecksum { get; init; }

    /// <summary>Gets the 64-bit FNV-1a hash of the thumbnail's RGBA bytes.</summary>
    public required ulong ThumbnailChecksum { get; init; }

    /// <summary>Gets the thumbnail (<see cref="TransformOptions.ThumbnailSize"/> square, bilinear).</summary>
    public required RgbaImage Thumbnail { get; init; }

    /// <summary>Gets the PNG file the transformed image was written to, or <see langword="null"/>.</summary>
    public string? OutputPath { get; init; }
}
