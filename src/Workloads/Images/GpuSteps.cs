using ILGPU;
using ILGPU.Runtime;

namespace GpuRay.Workloads.Images;

/// <summary>
/// The GPU path: each step reads a device image and returns a new one. A step frees its own temporary buffers and
/// its result when it fails; the caller frees the input.
/// </summary>
internal static class GpuSteps
{
    private const int ReductionThreads = 1 << 16;

    public static DeviceImage Blur(Accelerator accelerator, DeviceImage source, float[] weights)
    {
        ImageKernels kernels = ImageKernels.For(accelerator);
        int radius = weights.Length / 2;
        using MemoryBuffer1D<float, Stride1D.Dense> weightBuffer = accelerator.Allocate1D(weights);
        using MemoryBuffer1D<float, Stride1D.Dense> temp = accelerator.Allocate1D<float>((long)source.PixelCount * 4);
        return Produce(accelerator, source.Width, source.Height, target =>
        {
            var extent = new Index2D(source.Width, source.Height);
            kernels.BlurRows(extent, source.View, temp.View, weightBuffer.View, source.Width, radius);
            kernels.BlurColumns(extent, temp.View, target.View, weightBuffer.View, source.Width, source.Height, radius);
        });
    }

    public static DeviceImage Orient(Accelerator accelerator, DeviceImage source, Orientation orientation)
    {
        ImageKernels kernels = ImageKernels.For(accelerator);
        (int width, int height) = GeometryKernels.OrientedSize(source.Width, source.Height, orientation);
        return Produce(accelerator, width, height, target => kernels.Orient(
            new Index2D(width, height), source.View, target.View, source.Width, source.Height, width, (int)orientation));
    }

    public static DeviceImage BrightnessContrast(Accelerator accelerator, DeviceImage source, float brightness, float contrast)
    {
        ImageKernels kernels = ImageKernels.For(accelerator);
        return Produce(accelerator, source.Width, source.Height, target => kernels.BrightnessContrast(
            source.PixelCount, source.View, target.View, brightness, contrast));
    }

    public static DeviceImage Grayscale(Accelerator accelerator, DeviceImage source)
    {
        ImageKernels kernels = ImageKernels.For(accelerator);
        return Produce(accelerator, source.Width, source.Height, target => kernels.Grayscale(
            source.PixelCount, source.View, target.View));
    }

    public static DeviceImage Resize(Accelerator accelerator, DeviceImage source, int width, int height)
    {
        ImageKernels kernels = ImageKernels.For(accelerator);
        return Produce(accelerator, width, height, target => kernels.Resize(
            new Index2D(width, height), source.View, target.View, source.Width, source.Height, width, height));
    }

    public static (long Sum, ulong ProductChecksum) Tensor(Accelerator accelerator, DeviceImage source)
    {
        ImageKernels kernels = ImageKernels.For(accelerator);
        int threads = Math.Min(source.PixelCount, ReductionThreads);
        using MemoryBuffer1D<long, Stride1D.Dense> sum = accelerator.Allocate1D<long>(1);
        using MemoryBuffer1D<long, Stride1D.Dense> checksum = accelerator.Allocate1D<long>(1);
        sum.MemSetToZero();
        checksum.MemSetToZero();
        kernels.SumSquares(threads, source.View, sum.View, source.PixelCount, threads);
        long s = sum.GetAsArray1D()[0];
        kernels.ProductChecksum(threads, source.View, checksum.View, source.PixelCount, threads, s);
        long c = checksum.GetAsArray1D()[0];
        return (s, unchecked((ulong)c));
    }

    public static DeviceImage Transform(Accelerator accelerator, DeviceImage image, TransformPlan plan)
    {
        // The input stays the caller's; every intermediate is freed as soon as the next one exists, or on failure.
        DeviceImage? owned = null;
        try
        {
            DeviceImage current = image;
            if (plan.BlurWeights is not null)
            {
                current = Replace(ref owned, Blur(accelerator, current, plan.BlurWeights));
            }

            if (plan.Orientation != Orientation.None)
            {
                current = Replace(ref owned, Orient(accelerator, current, plan.Orientation));
            }

            if (plan.Augmentation.Orientation != Orientation.None)
            {
                current = Replace(ref owned, Orient(accelerator, current, plan.Augmentation.Orientation));
            }

            if (plan.AdjustsColor)
            {
                current = Replace(ref owned, BrightnessContrast(accelerator, current, plan.Brightness, plan.Contrast));
            }

            if (plan.Grayscale)
            {
                current = Replace(ref owned, Grayscale(accelerator, current));
            }

            if (plan.ResizeWidth is int width && plan.ResizeHeight is int height)
            {
                current = Replace(ref owned, Resize(accelerator, current, width, height));
            }

            // Hand back a buffer the caller owns either way: a copy-free result when a step ran, else a new copy.
            current = owned ?? Orient(accelerator, image, Orientation.None);
            owned = null;
            return current;
        }
        finally
        {
            owned?.Dispose();
        }
    }

    private static DeviceImage Replace(ref DeviceImage? owned, DeviceImage next)
    {
        owned?.Dispose();
        owned = next;
        return next;
    }

    private static DeviceImage Produce(Accelerator accelerator, int width, int height, Action<DeviceImage> launch)
    {
        DeviceImage target = DeviceImage.Allocate(accelerator, width, height);
        try
        {
            launch(target);
            accelerator.Synchronize();
            return target;
        }
        catch
        {
            target.Dispose();
            throw;
        }
    }
}
