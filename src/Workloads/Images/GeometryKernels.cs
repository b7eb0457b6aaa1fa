using ILGPU;

namespace GpuRay.Workloads.Images;

/// <summary>Flips, rotations and bilinear resizing.</summary>
internal static class GeometryKernels
{
    /// <summary>Gives the size of the image after <paramref name="orientation"/>.</summary>
    public static (int Width, int Height) OrientedSize(int width, int height, Orientation orientation) =>
        orientation is Orientation.Rotate90 or Orientation.Rotate270 ? (height, width) : (width, height);

    /// <summary>Flip or rotate; one thread per target pixel (X = column, Y = row), copying four bytes exactly.</summary>
    public static void OrientKernel(
        Index2D p, ArrayView<byte> source, ArrayView<byte> target, int sourceWidth, int sourceHeight, int targetWidth, int orientation)
    {
        int s = SourceIndex(p.X, p.Y, sourceWidth, sourceHeight, orientation) * 4;
        int t = ((p.Y * targetWidth) + p.X) * 4;
        target[t] = source[s];
        target[t + 1] = source[s + 1];
        target[t + 2] = source[s + 2];
        target[t + 3] = source[s + 3];
    }

    /// <summary>CPU reference for <see cref="OrientKernel"/>: whole rows are copied or reversed where possible.</summary>
    public static void Orient(ReadOnlySpan<byte> source, Span<byte> target, int width, int height, Orientation orientation)
    {
        int rowBytes = width * 4;
        switch (orientation)
        {
            case Orientation.None:
                source.CopyTo(target);
                return;
            case Orientation.FlipVertical:
                for (int y = 0; y < height; y++)
                {
                    source.Slice(y * rowBytes, rowBytes).CopyTo(target.Slice((height - 1 - y) * rowBytes, rowBytes));
                }

                return;
            default:
                (int targetWidth, int targetHeight) = OrientedSize(width, height, orientation);
                for (int y = 0; y < targetHeight; y++)
                {
                    for (int x = 0; x < targetWidth; x++)
                    {
                        int s = SourceIndex(x, y, width, height, (int)orientation) * 4;
                        source.Slice(s, 4).CopyTo(target.Slice(((y * targetWidth) + x) * 4, 4));
                    }
                }

                return;
        }
    }

    /// <summary>Bilinear resize with pixel centres aligned; one thread per target pixel.</summary>
    public static void ResizeKernel(
        Index2D p, ArrayView<byte> source, ArrayView<byte> target, int sourceWidth, int sourceHeight, int targetWidth, int targetHeight)
    {
        ResizePixel(p.X, p.Y, source, target, sourceWidth, sourceHeight, targetWidth, targetHeight);
    }

    /// <summary>CPU reference for <see cref="ResizeKernel"/>.</summary>
    public static void Resize(
        ReadOnlySpan<byte> source, Span<byte> target, int sourceWidth, int sourceHeight, int targetWidth, int targetHeight)
    {
        float scaleX = (float)sourceWidth / targetWidth;
        float scaleY = (float)sourceHeight / targetHeight;
        for (int y = 0; y < targetHeight; y++)
        {
            float fy = Coordinate(y, scaleY, sourceHeight);
            int y0 = (int)fy;
            int y1 = y0 + 1 < sourceHeight ? y0 + 1 : y0;
            float ty = fy - y0;
            for (int x = 0; x < targetWidth; x++)
            {
                float fx = Coordinate(x, scaleX, sourceWidth);
                int x0 = (int)fx;
                int x1 = x0 + 1 < sourceWidth ? x0 + 1 : x0;
                float tx = fx - x0;
                int t = ((y * targetWidth) + x) * 4;
                for (int c = 0; c < 4; c++)
                {
                    float top = Lerp(source[(((y0 * sourceWidth) + x0) * 4) + c], source[(((y0 * sourceWidth) + x1) * 4) + c], tx);
                    float bottom = Lerp(source[(((y1 * sourceWidth) + x0) * 4) + c], source[(((y1 * sourceWidth) + x1) * 4) + c], tx);
                    target[t + c] = PixelMath.ToByte(Lerp(top, bottom, ty));
                }
            }
        }
    }

    private static void ResizePixel(
        int x, int y, ArrayView<byte> source, ArrayView<byte> target, int sourceWidth, int sourceHeight, int targetWidth, int targetHeight)
    {
        float fy = Coordinate(y, (float)sourceHeight / targetHeight, sourceHeight);
        int y0 = (int)fy;
        int y1 = y0 + 1 < sourceHeight ? y0 + 1 : y0;
        float ty = fy - y0;
        float fx = Coordinate(x, (float)sourceWidth / targetWidth, sourceWidth);
        int x0 = (int)fx;
        int x1 = x0 + 1 < sourceWidth ? x0 + 1 : x0;
        float tx = fx - x0;
        int t = ((y * targetWidth) + x) * 4;
        for (int c = 0; c < 4; c++)
        {
            float top = Lerp(source[(((y0 * sourceWidth) + x0) * 4) + c], source[(((y0 * sourceWidth) + x1) * 4) + c], tx);
            float bottom = Lerp(source[(((y1 * sourceWidth) + x0) * 4) + c], source[(((y1 * sourceWidth) + x1) * 4) + c], tx);
            target[t + c] = PixelMath.ToByte(Lerp(top, bottom, ty));
        }
    }

    public static float Coordinate(int target, float scale, int sourceSize)
    {
        float f = ((target + 0.5f) * scale) - 0.5f;
        if (f < 0f)
        {
            return 0f;
        }

        float max = sourceSize - 1;
        return f > max ? max : f;
    }

    private static float Lerp(float a, float b, float t) => a + ((b - a) * t);

    private static int SourceIndex(int x, int y, int sourceWidth, int sourceHeight, int orientation)
    {
        int sx = x;
        int sy = y;
        if (orientation == (int)Orientation.FlipHorizontal)
        {
            sx = sourceWidth - 1 - x;
        }
        else if (orientation == (int)Orientation.FlipVertical)
        {
            sy = sourceHeight - 1 - y;
        }
        else if (orientation == (int)Orientation.Rotate90)
        {
            sx = y;
            sy = sourceHeight - 1 - x;
        }
        else if (orientation == (int)Orientation.Rotate180)
        {
            sx = sourceWidth - 1 - x;
            sy = sourceHeight - 1 - y;
        }
        else if (orientation == (int)Orientation.Rotate270)
        {
            sx = sourceWidth - 1 - y;
            sy = x;
        }

        return (sy * sourceWidth) + sx;
    }
}
