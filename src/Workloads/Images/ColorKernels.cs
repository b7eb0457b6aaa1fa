using ILGPU;

namespace GpuRay.Workloads.Images;

/// <summary>Per-pixel colour steps: grayscale and brightness/contrast. Alpha is kept as it is.</summary>
internal static class ColorKernels
{
    // BT.709 luma, the default of ImageSharp's Grayscale().
    public const float LumaR = 0.2126f;
    public const float LumaG = 0.7152f;
    public const float LumaB = 0.0722f;

    /// <summary>Grayscale; one thread per pixel.</summary>
    public static void GrayscaleKernel(Index1D i, ArrayView<byte> source, ArrayView<byte> target)
    {
        int s = i * 4;
        byte l = PixelMath.ToByte((LumaR * source[s]) + (LumaG * source[s + 1]) + (LumaB * source[s + 2]));
        target[s] = l;
        target[s + 1] = l;
        target[s + 2] = l;
        target[s + 3] = source[s + 3];
    }

    /// <summary>CPU reference for <see cref="GrayscaleKernel"/>.</summary>
    public static void Grayscale(ReadOnlySpan<byte> source, Span<byte> target)
    {
        for (int s = 0; s < source.Length; s += 4)
        {
            byte l = PixelMath.ToByte((LumaR * source[s]) + (LumaG * source[s + 1]) + (LumaB * source[s + 2]));
            target[s] = l;
            target[s + 1] = l;
            target[s + 2] = l;
            target[s + 3] = source[s + 3];
        }
    }

    /// <summary>
    /// Brightness then contrast, as ImageSharp defines them: v * brightness, then (v - 127.5) * contrast + 127.5,
    /// clamped once at the end. One thread per pixel.
    /// </summary>
    public static void BrightnessContrastKernel(
        Index1D i, ArrayView<byte> source, ArrayView<byte> target, float brightness, float contrast)
    {
        int s = i * 4;
        target[s] = Adjust(source[s], brightness, contrast);
        target[s + 1] = Adjust(source[s + 1], brightness, contrast);
        target[s + 2] = Adjust(source[s + 2], brightness, contrast);
        target[s + 3] = source[s + 3];
    }

    /// <summary>CPU reference for <see cref="BrightnessContrastKernel"/>.</summary>
    public static void BrightnessContrast(ReadOnlySpan<byte> source, Span<byte> target, float brightness, float contrast)
    {
        for (int s = 0; s < source.Length; s += 4)
        {
            target[s] = Adjust(source[s], brightness, contrast);
            target[s + 1] = Adjust(source[s + 1], brightness, contrast);
            target[s + 2] = Adjust(source[s + 2], brightness, contrast);
            target[s + 3] = source[s + 3];
        }
    }

    public static byte Adjust(byte value, float brightness, float contrast) =>
        PixelMath.ToByte((((value * brightness) - 127.5f) * contrast) + 127.5f);
}
