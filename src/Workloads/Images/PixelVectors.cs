using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GpuRay.Workloads.Images;

/// <summary>Vector forms of <see cref="PixelMath"/>, giving the same bytes as its scalar helpers.</summary>
internal static class PixelVectors
{
    /// <summary>32 floats to 32 bytes as <see cref="PixelMath.ToByte(float)"/> rounds each: clamp to 0..255, then half up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> ToBytes(Vector256<float> v0, Vector256<float> v1, Vector256<float> v2, Vector256<float> v3)
    {
        Vector256<ushort> low = Vector256.Narrow(ToInt(v0), ToInt(v1));
        Vector256<ushort> high = Vector256.Narrow(ToInt(v2), ToInt(v3));
        return Vector256.Narrow(low, high);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> ToInt(Vector256<float> value) => PixelMath.ToByte(value).AsUInt32();
}
