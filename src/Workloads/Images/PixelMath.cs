using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GpuRay.Workloads.Images;

/// <summary>Scalar helpers shared by the kernels and their CPU references, so that both round the same way.</summary>
internal static class PixelMath
{
    /// <summary>Clamps to 0..255 and rounds half up.</summary>
    public static byte ToByte(float value)
    {
        if (value <= 0f)
        {
            return 0;
        }

        if (value >= 255f)
        {
            return 255;
        }

        return (byte)(int)(value + 0.5f);
    }

    /// <summary><see cref="ToByte(float)"/> in each lane: clamping first gives the same byte at both ends.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ToByte(Vector256<float> value) =>
        Vector256.ConvertToInt32Native(Vector256.MinNative(Vector256.MaxNative(value, Vector256<float>.Zero), Vector256.Create(255f)) + Vector256.Create(0.5f));

    /// <summary><see cref="ToByte(float)"/> in each lane: clamping first gives the same byte at both ends.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> ToByte(Vector128<float> value) =>
        Vector128.ConvertToInt32Native(Vector128.MinNative(Vector128.MaxNative(value, Vector128<float>.Zero), Vector128.Create(255f)) + Vector128.Create(0.5f));

    public static int Clamp(int value, int min, int max) => value < min ? min : (value > max ? max : value);
}
