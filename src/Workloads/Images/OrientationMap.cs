using System.Runtime.InteropServices;

namespace GpuRay.Workloads.Images;

/// <summary>
/// Any sequence of flips and rotations as one map from a target pixel to its source pixel: source index =
/// <see cref="Origin"/> + x * <see cref="StepX"/> + y * <see cref="StepY"/>, in pixels of the source image.
/// </summary>
/// <remarks>
/// Two steps of <see cref="Orientation"/> compose into one of the eight symmetries of the rectangle, which
/// include the two transposes that <see cref="Orientation"/> cannot name; a map holds all eight, so the fused
/// pass moves each pixel once however many orientation steps the plan has.
/// </remarks>
internal readonly record struct OrientationMap(int SourceWidth, int SourceHeight, int Width, int Height, int Origin, int StepX, int StepY)
{
    // Target rows gathered together when a target row is a source column: 16 pixels make one 64-byte line of
    // each source row, so every line read is used whole.
    private const int ColumnBlockRows = 16;

    public bool IsIdentity => Origin == 0 && StepX == 1 && StepY == SourceWidth;

    public static OrientationMap Identity(int width, int height) => new(width, height, width, height, 0, 1, width);

    /// <summary>Gives the map of <paramref name="orientation"/> applied to an image of this map's target size, after this map.</summary>
    public OrientationMap Then(Orientation orientation)
    {
        // The step's own map, in the coordinates of this map's target: source = (ax*x + bx*y + cx, ay*x + by*y + cy).
        (int ax, int bx, int cx, int ay, int by, int cy) = orientation switch
        {
            Orientation.None => (1, 0, 0, 0, 1, 0),
            Orientation.FlipHorizontal => (-1, 0, Width - 1, 0, 1, 0),
            Orientation.FlipVertical => (1, 0, 0, 0, -1, Height - 1),
            Orientation.Rotate90 => (0, 1, 0, -1, 0, Height - 1),
            Orientation.Rotate180 => (-1, 0, Width - 1, 0, -1, Height - 1),
            Orientation.Rotate270 => (0, -1, Width - 1, 1, 0, 0),
            _ => throw new ArgumentOutOfRangeException(nameof(orientation), orientation, "Unknown orientation."),
        };
        (int width, int height) = GeometryKernels.OrientedSize(Width, Height, orientation);

        // Index in this map's source of the step's source pixel (sx, sy) = Origin + sx * StepX + sy * StepY.
        return new OrientationMap(
            SourceWidth,
            SourceHeight,
            width,
            height,
            Origin + (cx * StepX) + (cy * StepY),
            (ax * StepX) + (ay * StepY),
            (bx * StepX) + (by * StepY));
    }

    /// <summary>Writes target rows <paramref name="firstRow"/>.. of <paramref name="rowCount"/> into <paramref name="target"/> (the whole target image).</summary>
    public void Gather(ReadOnlySpan<byte> source, Span<byte> target, int firstRow, int rowCount)
    {
        System.Diagnostics.Debug.Assert(source.Length == SourceWidth * SourceHeight * 4, "source size");
        System.Diagnostics.Debug.Assert(target.Length >= Width * Height * 4, "target size");
        ReadOnlySpan<uint> from = MemoryMarshal.Cast<byte, uint>(source);
        Span<uint> to = MemoryMarshal.Cast<byte, uint>(target);
        int end = firstRow + rowCount;
        if (StepX == 1 || StepX == -1)
        {
            for (int y = firstRow; y < end; y++)
            {
                int start = Origin + (y * StepY);
                Span<uint> row = to.Slice(y * Width, Width);
                if (StepX == 1)
                {
                    from.Slice(start, Width).CopyTo(row);
                }
                else
                {
                    from.Slice(start - Width + 1, Width).CopyTo(row);
                    row.Reverse();
                }
            }

            return;
        }

        for (int y0 = firstRow; y0 < end; y0 += ColumnBlockRows)
        {
            int rows = Math.Min(ColumnBlockRows, end - y0);
            for (int x = 0; x < Width; x++)
            {
                int s = Origin + (x * StepX) + (y0 * StepY);
                int t = (y0 * Width) + x;
                for (int r = 0; r < rows; r++)
                {
                    to[t] = from[s];
                    s += StepY;
                    t += Width;
                }
            }
        }
    }
}
