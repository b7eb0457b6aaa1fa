using ILGPU.Runtime;

namespace GpuRay.Workloads.Images;

/// <summary>
/// The image-transform workload of Ray's "Remote Tasks" tour: blur, augment, tensor arithmetic, thumbnail.
/// Each entry point is a plain static method, ready to be wrapped as a remote task.
/// </summary>
/// <remarks>
/// The CPU path runs on the calling thread only (one task, one core), fuses the per-pixel steps into one pass and
/// keeps its intermediate images in pooled buffers, so that a task allocates little more than its result. The GPU path runs every step as an ILGPU
/// kernel on the given accelerator, with the same rounding, so both give the same result up to float rounding
/// (at most one level per byte per step). The input image is never changed.
/// </remarks>
public static class ImageTransforms
{
    /// <summary>Transforms an image on the CPU with <see cref="TransformOptions.Default"/>.</summary>
    /// <param name="image">The image; it is not changed.</param>
    /// <returns>The shapes, the tensor arithmetic and the thumbnail.</returns>
    public static TransformResult Run(RgbaImage image) => Run(image, TransformOptions.Default);

    /// <summary>Transforms an image on the CPU.</summary>
    /// <param name="image">The image; it is not changed.</param>
    /// <param name="options">The steps to run.</param>
    /// <returns>The shapes, the tensor arithmetic and the thumbnail.</returns>
    public static TransformResult Run(RgbaImage image, TransformOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var plan = TransformPlan.Create(image.Name, options);
        (int width, int height, long sum, ulong checksum, RgbaImage thumbnail, RgbaImage? output) =
            CpuPipeline.Run(image, plan, keepOutput: options.OutputFolder is not null);
        return CreateResult(image, width, height, plan, sum, checksum, thumbnail, output, options);
    }

    /// <summary>
    /// The CPU path one step at a time, each step into a new image: the reference that <see cref="Run(RgbaImage, TransformOptions)"/>
    /// equals byte for byte, and the baseline of its benchmark.
    /// </summary>
    internal static TransformResult RunStepByStep(RgbaImage image, TransformOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var plan = TransformPlan.Create(image.Name, options);
        RgbaImage output = CpuSteps.Transform(image, plan);
        (long sum, ulong checksum) = TensorKernels.Compute(output.Pixels);
        RgbaImage thumbnail = CpuSteps.Resize(output, plan.ThumbnailSize, plan.ThumbnailSize);
        return CreateResult(image, output.Width, output.Height, plan, sum, checksum, thumbnail, options.OutputFolder is null ? null : output, options);
    }

    /// <summary>Transforms an image with ILGPU kernels, using <see cref="TransformOptions.Default"/>.</summary>
    /// <param name="accelerator">The accelerator to run on; the caller binds it to the current thread.</param>
    /// <param name="image">The image; it is not changed.</param>
    /// <returns>The shapes, the tensor arithmetic and the thumbnail.</returns>
    public static TransformResult RunOnGpu(Accelerator accelerator, RgbaImage image) =>
        RunOnGpu(accelerator, image, TransformOptions.Default);

    /// <summary>Transforms an image with ILGPU kernels.</summary>
    /// <param name="accelerator">The accelerator to run on; the caller binds it to the current thread.</param>
    /// <param name="image">The image; it is not changed.</param>
    /// <param name="options">The steps to run.</param>
    /// <returns>The shapes, the tensor arithmetic and the thumbnail.</returns>
    /// <remarks>Kernels are compiled once per accelerator. Every device buffer is freed before returning, also on failure.</remarks>
    public static TransformResult RunOnGpu(Accelerator accelerator, RgbaImage image, TransformOptions options)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var plan = TransformPlan.Create(image.Name, options);
        using DeviceImage input = DeviceImage.Upload(accelerator, image);
        using DeviceImage output = GpuSteps.Transform(accelerator, input, plan);
        (long sum, ulong checksum) = GpuSteps.Tensor(accelerator, output);
        using DeviceImage thumb = GpuSteps.Resize(accelerator, output, plan.ThumbnailSize, plan.ThumbnailSize);
        RgbaImage thumbnail = RgbaImage.Wrap(image.Name, thumb.Width, thumb.Height, thumb.Download());
        RgbaImage? written = options.OutputFolder is null
            ? null
            : RgbaImage.Wrap(image.Name, output.Width, output.Height, output.Download());
        return CreateResult(image, output.Width, output.Height, plan, sum, checksum, thumbnail, written, options);
    }

    private static TransformResult CreateResult(
        RgbaImage image,
        int outputWidth,
        int outputHeight,
        TransformPlan plan,
        long sum,
        ulong checksum,
        RgbaImage thumbnail,
        RgbaImage? output,
        TransformOptions options)
    {
        string? outputPath = null;
        if (output is not null && options.OutputFolder is not null)
        {
            Directory.CreateDirectory(options.OutputFolder);
            // Only the file name part, so that an image name cannot point outside the output folder.
            string stem = Path.GetFileNameWithoutExtension(Path.GetFileName(image.Name));
            outputPath = Path.Combine(options.OutputFolder, (stem.Length == 0 ? "image" : stem) + ".transformed.png");
            ImageIo.SavePng(output, outputPath);
        }

        return new TransformResult
        {
            SourceName = image.Name,
            Width = image.Width,
            Height = image.Height,
            OutputWidth = outputWidth,
            OutputHeight = outputHeight,
            Augmentation = plan.Augmentation.Describe(),
            TensorSum = sum,
            TensorProductChecksum = checksum,
            ThumbnailChecksum = Fnv1a.Hash64(thumbnail.Pixels),
            Thumbnail = thumbnail,
            OutputPath = outputPath,
        };
    }
}
