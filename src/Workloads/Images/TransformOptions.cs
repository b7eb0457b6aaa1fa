namespace GpuRay.Workloads.Images;

/// <summary>What <see cref="ImageTransforms"/> does to an image. The defaults are the Ray tutorial's pipeline.</summary>
/// <remarks>
/// Steps run in this order: blur, <see cref="Orientation"/>, the random augmentation, brightness and contrast,
/// grayscale, resize, then the tensor arithmetic and the thumbnail on the result.
/// </remarks>
public sealed record TransformOptions
{
    /// <summary>Gets the default options.</summary>
    public static TransformOptions Default { get; } = new();

    /// <summary>Gets the standard deviation of the Gaussian blur in pixels; 0 turns the blur off.</summary>
    /// <value>20, the tutorial's PIL <c>GaussianBlur(radius=20)</c>, whose "radius" is the standard deviation.</value>
    /// <remarks>The kernel spans <c>ceil(3 sigma)</c> pixels each side (121 taps for 20), as ImageSharp's <c>GaussianBlur(sigma)</c>.</remarks>
    public float BlurSigma { get; init; } = 20f;

    /// <summary>Gets a fixed flip or rotation applied after the blur.</summary>
    /// <value><see cref="Orientation.None"/>.</value>
    public Orientation Orientation { get; init; } = Orientation.None;

    /// <summary>Gets a value indicating whether a random augmentation is applied.</summary>
    /// <value><see langword="true"/>.</value>
    /// <remarks>
    /// One of: flip horizontally or vertically, rotate 90, 180 or 270, or scale the brightness by 0.6..1.4. The choice
    /// depends only on <see cref="Seed"/> and the image name, so the CPU and GPU paths and every rerun agree.
    /// </remarks>
    public bool Augment { get; init; } = true;

    /// <summary>Gets the seed of the augmentation choice.</summary>
    /// <value>42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>Gets the brightness factor (1 keeps the image).</summary>
    /// <value>1.</value>
    public float Brightness { get; init; } = 1f;

    /// <summary>Gets the contrast factor around mid-gray (1 keeps the image).</summary>
    /// <value>1.</value>
    public float Contrast { get; init; } = 1f;

    /// <summary>Gets a value indicating whether the image is converted to grayscale (BT.709 luma).</summary>
    /// <value><see langword="false"/>.</value>
    public bool Grayscale { get; init; }

    /// <summary>Gets the width of a bilinear resize, or <see langword="null"/> for none.</summary>
    /// <value><see langword="null"/>. Set together with <see cref="ResizeHeight"/>.</value>
    public int? ResizeWidth { get; init; }

    /// <summary>Gets the height of a bilinear resize, or <see langword="null"/> for none.</summary>
    /// <value><see langword="null"/>. Set together with <see cref="ResizeWidth"/>.</value>
    public int? ResizeHeight { get; init; }

    /// <summary>Gets the side of the square thumbnail.</summary>
    /// <value>64.</value>
    /// <remarks>
    /// A bilinear resize to exactly this square, so every thumbnail has the same shape; PIL's <c>thumbnail</c> in the
    /// tutorial keeps the aspect ratio instead. The blur before it keeps the downscale from aliasing.
    /// </remarks>
    public int ThumbnailSize { get; init; } = 64;

    /// <summary>Gets a folder to write the transformed image to as PNG, or <see langword="null"/> to write nothing.</summary>
    /// <value><see langword="null"/>. The file is named <c>&lt;image name without extension&gt;.transformed.png</c>.</value>
    public string? OutputFolder { get; init; }

    internal void Validate()
    {
        if (!(BlurSigma >= 0f) || BlurSigma > 1000f)
        {
            throw new ArgumentOutOfRangeException(nameof(BlurSigma), BlurSigma, "Valid values are 0..1000 (0 turns the blur off).");
        }

        if (!Enum.IsDefined(Orientation))
        {
            throw new ArgumentOutOfRangeException(
                nameof(Orientation), Orientation, $"Valid values are {string.Join(", ", Enum.GetNames<Orientation>())}.");
        }

        if (!(Brightness >= 0f) || float.IsInfinity(Brightness))
        {
            throw new ArgumentOutOfRangeException(nameof(Brightness), Brightness, "Valid values are finite and >= 0.");
        }

        if (!(Contrast >= 0f) || float.IsInfinity(Contrast))
        {
            throw new ArgumentOutOfRangeException(nameof(Contrast), Contrast, "Valid values are finite and >= 0.");
        }

        if (ResizeWidth.HasValue != ResizeHeight.HasValue)
        {
            throw new ArgumentException(
                $"Set both ResizeWidth and ResizeHeight or neither (got {ResizeWidth?.ToString() ?? "null"} and {ResizeHeight?.ToString() ?? "null"}).");
        }

        if (ResizeWidth is < 1 or > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(ResizeWidth), ResizeWidth, "Valid values are 1..65536.");
        }

        if (ResizeHeight is < 1 or > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(ResizeHeight), ResizeHeight, "Valid values are 1..65536.");
        }

        if ((long?)ResizeWidth * ResizeHeight * RgbaImage.BytesPerPixel > Array.MaxLength)
        {
            throw new ArgumentException(
                $"A {ResizeWidth}x{ResizeHeight} image does not fit in one array; valid sizes have at most {Array.MaxLength / RgbaImage.BytesPerPixel} pixels.");
        }

        if (ThumbnailSize is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(ThumbnailSize), ThumbnailSize, "Valid values are 1..4096.");
        }
    }
}
