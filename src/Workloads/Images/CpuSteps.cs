namespace GpuRay.Workloads.Images;

/// <summary>
/// The CPU path one step at a time: each step reads an image and returns a new one, on the calling thread only.
/// The reference that <see cref="CpuPipeline"/> equals and that <see cref="GpuSteps"/> mirrors step for step.
/// </summary>
internal static class CpuSteps
{
    public static RgbaImage Blur(RgbaImage source, float[] weights)
    {
        var target = new byte[source.Pixels.Length];
        CpuBlur.Blur(source.Pixels, target, source.Width, source.Height, weights);
        return RgbaImage.Wrap(source.Name, source.Width, source.Height, target);
    }

    public static RgbaImage Blur(RgbaImage source, float sigma)
    {
        var target = new byte[source.Pixels.Length];
        CpuBlur.Blur(source.Pixels, target, source.Width, source.Height, sigma);
        return RgbaImage.Wrap(source.Name, source.Width, source.Height, target);
    }

    public static RgbaImage Orient(RgbaImage source, Orientation orientation)
    {
        (int width, int height) = GeometryKernels.OrientedSize(source.Width, source.Height, orientation);
        var target = new byte[source.Pixels.Length];
        GeometryKernels.Orient(source.Pixels, target, source.Width, source.Height, orientation);
        return RgbaImage.Wrap(source.Name, width, height, target);
    }

    public static RgbaImage BrightnessContrast(RgbaImage source, float brightness, float contrast)
    {
        var target = new byte[source.Pixels.Length];
        ColorKernels.BrightnessContrast(source.Pixels, target, brightness, contrast);
        return RgbaImage.Wrap(source.Name, source.Width, source.Height, target);
    }

    public static RgbaImage Grayscale(RgbaImage source)
    {
        var target = new byte[source.Pixels.Length];
        ColorKernels.Grayscale(source.Pixels, target);
        return RgbaImage.Wrap(source.Name, source.Width, source.Height, target);
    }

    public static RgbaImage Resize(RgbaImage source, int width, int height)
    {
        var target = new byte[(long)width * height * RgbaImage.BytesPerPixel];
        GeometryKernels.Resize(source.Pixels, target, source.Width, source.Height, width, height);
        return RgbaImage.Wrap(source.Name, width, height, target);
    }

    public static RgbaImage Transform(RgbaImage image, TransformPlan plan)
    {
        RgbaImage current = image;
        if (plan.BlurWeights is not null)
        {
            current = Blur(current, plan.BlurSigma);
        }

        if (plan.Orientation != Orientation.None)
        {
            current = Orient(current, plan.Orientation);
        }

        if (plan.Augmentation.Orientation != Orientation.None)
        {
            current = Orient(current, plan.Augmentation.Orientation);
        }

        if (plan.AdjustsColor)
        {
            current = BrightnessContrast(current, plan.Brightness, plan.Contrast);
        }

        if (plan.Grayscale)
        {
            current = Grayscale(current);
        }

        if (plan.ResizeWidth is int width && plan.ResizeHeight is int height)
        {
            current = Resize(current, width, height);
        }

        return current;
    }
}
