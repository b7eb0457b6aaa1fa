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

    public static int Clamp(int value, int min, int max) => value < min ? min : (value > max ? max : value);
}
