using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GpuRay.Workloads.Images;

/// <summary>
/// The bilinear resize of <see cref="GeometryKernels.Resize"/>, with the four channels of a pixel in one
/// vector and the source columns of each target column worked out once instead of per pixel.
/// </summary>
/// <remarks>
/// Each lane does the scalar reference's float operations in its order, so the bytes are the same. It can add
/// each block of target rows to the tensor sums while the rows are still in the cache.
/// </remarks>
internal static class CpuResize
{
    private const int BlockRows = 16;

    public static void Resize(
        ReadOnlySpan<byte> source, int sourceWidth, int sourceHeight, Span<byte> target, int width, int height, ref TensorSums tensor, bool addToTensor)
    {
        System.Diagnostics.Debug.Assert(source.Length == sourceWidth * sourceHeight * 4, "source size");
        System.Diagnostics.Debug.Assert(target.Length >= width * height * 4, "target size");
        int[] left = ArrayPool<int>.Shared.Rent(width);
        int[] right = ArrayPool<int>.Shared.Rent(width);
        float[] weight = ArrayPool<float>.Shared.Rent(width);
        try
        {
            float scaleX = (float)sourceWidth / width;
            for (int x = 0; x < width; x++)
            {
                float fx = GeometryKernels.Coordinate(x, scaleX, sourceWidth);
                int x0 = (int)fx;
                left[x] = x0 * 4;
                right[x] = (x0 + 1 < sourceWidth ? x0 + 1 : x0) * 4;
                weight[x] = fx - x0;
            }

            float scaleY = (float)sourceHeight / height;
            ref byte src = ref MemoryMarshal.GetReference(source);
            for (int y0 = 0; y0 < height; y0 += BlockRows)
            {
                int rows = Math.Min(BlockRows, height - y0);
                for (int y = y0; y < y0 + rows; y++)
                {
                    float fy = GeometryKernels.Coordinate(y, scaleY, sourceHeight);
                    int top = (int)fy;
                    int bottom = top + 1 < sourceHeight ? top + 1 : top;
                    var ty = Vector128.Create(fy - top);
                    ref byte topRow = ref Unsafe.Add(ref src, top * sourceWidth * 4);
                    ref byte bottomRow = ref Unsafe.Add(ref src, bottom * sourceWidth * 4);
                    Span<uint> targetRow = MemoryMarshal.Cast<byte, uint>(target.Slice(y * width * 4, width * 4));
                    for (int x = 0; x < width; x++)
                    {
                        var tx = Vector128.Create(weight[x]);
                        Vector128<float> a = Load(ref topRow, left[x]);
                        Vector128<float> b = Load(ref topRow, right[x]);
                        Vector128<float> c = Load(ref bottomRow, left[x]);
                        Vector128<float> d = Load(ref bottomRow, right[x]);
                        Vector128<float> upper = a + ((b - a) * tx);
                        Vector128<float> lower = c + ((d - c) * tx);
                        targetRow[x] = ToBytes(upper + ((lower - upper) * ty));
                    }
                }

                if (addToTensor)
                {
                    tensor.Add(target.Slice(y0 * width * 4, rows * width * 4), (long)y0 * width);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(left);
            ArrayPool<int>.Shared.Return(right);
            ArrayPool<float>.Shared.Return(weight);
        }
    }

    // Inlined into the loops, which are compiled optimised at once, so that no call runs unoptimised code first.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Load(ref byte row, int offset)
    {
        Vector128<byte> bytes = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref row, offset))).AsByte();
        return Vector128.ConvertToSingle(Vector128.WidenLower(Vector128.WidenLower(bytes)).AsInt32());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ToBytes(Vector128<float> value)
    {
        Vector128<int> rounded = PixelMath.ToByte(value);
        return Vector128.Narrow(Vector128.Narrow(rounded, rounded), Vector128<short>.Zero).AsUInt32().ToScalar();
    }
}
