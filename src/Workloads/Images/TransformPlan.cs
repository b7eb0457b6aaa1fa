namespace GpuRay.Workloads.Images;

/// <summary>The resolved steps for one image; built once so that the CPU and GPU paths run the same steps.</summary>
internal sealed record TransformPlan(
    float[]? BlurWeights,
    Orientation Orientation,
    AugmentationPlan Augmentation,
    float Brightness,
    float Contrast,
    bool Grayscale,
    int? ResizeWidth,
    int? ResizeHeight,
    int ThumbnailSize)
{
    public bool AdjustsColor => Brightness != 1f || Contrast != 1f;

    /// <summary>The blur's sigma, for the CPU path's chooser (<see cref="CpuBlur"/>); 0 when there is no blur.</summary>
    public float BlurSigma { get; init; }

    public static TransformPlan Create(string imageName, TransformOptions options)
    {
        AugmentationPlan augmentation = options.Augment ? AugmentationPlan.Choose(imageName, options.Seed) : AugmentationPlan.None;
        return new TransformPlan(
            options.BlurSigma > 0f ? GaussianKernel.Create(options.BlurSigma) : null,
            options.Orientation,
            augmentation,
            options.Brightness * augmentation.Brightness,
            options.Contrast,
            options.Grayscale,
            options.ResizeWidth,
            options.ResizeHeight,
            options.ThumbnailSize)
        {
            BlurSigma = options.BlurSigma,
        };
    }
}
