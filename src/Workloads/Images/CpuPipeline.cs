using System.Buffers;

namespace GpuRay.Workloads.Images;

/// <summary>
/// The CPU path, fused: the blur, then one pass that moves each pixel once through every flip and rotation and
/// applies brightness/contrast and grayscale, then the resize; the tensor sums ride on the last pass that writes
/// pixels. Intermediate images live in pooled buffers, so a task allocates only what it returns.
/// </summary>
/// <remarks>
/// The bytes, sums and checksums equal those of <see cref="CpuSteps.Transform"/> followed by
/// <see cref="TensorKernels.Compute"/> and the thumbnail resize: every fused step does the same float operations
/// in the same order. Work goes block by block of <see cref="BlockRows"/> target rows, so that a block is read
/// back from the cache by the next step, not from memory. Runs on the calling thread only.
/// </remarks>
internal static class CpuPipeline
{
    private const int BlockRows = 16;

    /// <summary>Runs the plan; <paramref name="keepOutput"/> also returns the transformed image itself.</summary>
    public static (int Width, int Height, long Sum, ulong ProductChecksum, RgbaImage Thumbnail, RgbaImage? Output) Run(
        RgbaImage image, TransformPlan plan, bool keepOutput)
    {
        byte[]? blurred = null;
        byte[]? mapped = null;
        byte[]? resized = null;
        try
        {
            int width = image.Width;
            int height = image.Height;
            ReadOnlySpan<byte> current = image.Pixels;
            if (plan.BlurWeights is not null)
            {
                blurred = ArrayPool<byte>.Shared.Rent(current.Length);
                Span<byte> target = blurred.AsSpan(0, current.Length);
                CpuBlur.Blur(current, target, width, height, plan.BlurSigma);
                current = target;
            }

            var tensor = default(TensorSums);
            bool summed = false;
            bool resizes = plan.ResizeWidth is not null && plan.ResizeHeight is not null;
            OrientationMap map = OrientationMap.Identity(width, height).Then(plan.Orientation).Then(plan.Augmentation.Orientation);
            var color = new ColorPass(plan.AdjustsColor, plan.Brightness, plan.Contrast, plan.Grayscale);
            if (!map.IsIdentity || !color.IsNone)
            {
                mapped = ArrayPool<byte>.Shared.Rent(current.Length);
                Span<byte> target = mapped.AsSpan(0, current.Length);
                MapAndColor(current, target, map, color, ref tensor, addToTensor: !resizes);
                current = target;
                (width, height) = (map.Width, map.Height);
                summed = !resizes;
            }

            if (resizes)
            {
                int targetWidth = plan.ResizeWidth!.Value;
                int targetHeight = plan.ResizeHeight!.Value;
                int length = targetWidth * targetHeight * RgbaImage.BytesPerPixel;
                resized = ArrayPool<byte>.Shared.Rent(length);
                Span<byte> target = resized.AsSpan(0, length);
                CpuResize.Resize(current, width, height, target, targetWidth, targetHeight, ref tensor, addToTensor: true);
                current = target;
                (width, height) = (targetWidth, targetHeight);
                summed = true;
            }

            if (!summed)
            {
                tensor.Add(current, 0);
            }

            var thumbnail = new byte[plan.ThumbnailSize * plan.ThumbnailSize * RgbaImage.BytesPerPixel];
            CpuResize.Resize(current, width, height, thumbnail, plan.ThumbnailSize, plan.ThumbnailSize, ref tensor, addToTensor: false);
            RgbaImage? output = !keepOutput ? null
                : current == image.Pixels ? image
                : RgbaImage.Create(image.Name, width, height, current);
            return (width, height, tensor.Sum, tensor.ProductChecksum, RgbaImage.Wrap(image.Name, plan.ThumbnailSize, plan.ThumbnailSize, thumbnail), output);
        }
        finally
        {
            Return(blurred);
            Return(mapped);
            Return(resized);
        }
    }

    private static void MapAndColor(
        ReadOnlySpan<byte> source, Span<byte> target, OrientationMap map, ColorPass color, ref TensorSums tensor, bool addToTensor)
    {
        int rowBytes = map.Width * RgbaImage.BytesPerPixel;
        for (int y = 0; y < map.Height; y += BlockRows)
        {
            int rows = Math.Min(BlockRows, map.Height - y);
            Span<byte> block = target.Slice(y * rowBytes, rows * rowBytes);
            if (map.IsIdentity)
            {
                color.Apply(source.Slice(y * rowBytes, rows * rowBytes), block);
            }
            else
            {
                map.Gather(source, target, y, rows);
                if (!color.IsNone)
                {
                    color.Apply(block, block);
                }
            }

            if (addToTensor)
            {
                tensor.Add(block, (long)y * map.Width);
            }
        }
    }

    private static void Return(byte[]? array)
    {
        if (array is not null)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
