using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GpuRay.Workloads.Images;

/// <summary>Brightness/contrast and then grayscale in one pass over the pixels, eight at a time.</summary>
/// <remarks>
/// The vector lanes do the float operations of <see cref="ColorKernels.BrightnessContrast"/> and
/// <see cref="ColorKernels.Grayscale"/> in the same order, with the adjusted bytes rounded in between as the
/// two steps do, so the bytes are exactly those of the two steps run one after the other. .NET never fuses a
/// multiply and an add on its own, so there is no FMA rounding to differ.
/// </remarks>
internal readonly record struct ColorPass(bool Adjusts, float Brightness, float Contrast, bool Grayscale)
{
    public bool IsNone => !Adjusts && !Grayscale;

    /// <summary>Writes the adjusted pixels of <paramref name="source"/> to <paramref name="target"/>; both may be the same memory.</summary>
    public void Apply(ReadOnlySpan<byte> source, Span<byte> target)
    {
        System.Diagnostics.Debug.Assert(source.Length == target.Length && source.Length % 4 == 0, "whole pixels of equal count");
        System.Diagnostics.Debug.Assert(BitConverter.IsLittleEndian, "a pixel read as uint has R in its low byte");
        ReadOnlySpan<uint> from = MemoryMarshal.Cast<byte, uint>(source);
        Span<uint> to = MemoryMarshal.Cast<byte, uint>(target);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref uint src = ref MemoryMarshal.GetReference(from);
            ref uint dst = ref MemoryMarshal.GetReference(to);
            for (; i + Vector256<uint>.Count <= from.Length; i += Vector256<uint>.Count)
            {
                Apply(Vector256.LoadUnsafe(ref src, (nuint)i)).StoreUnsafe(ref dst, (nuint)i);
            }
        }

        for (; i < from.Length; i++)
        {
            to[i] = Apply(from[i]);
        }
    }

    // Inlined into the loops, which are compiled optimised at once, so that no call runs unoptimised code first.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<uint> Apply(Vector256<uint> pixels)
    {
        Vector256<uint> mask = Vector256.Create(0xFFu);
        Vector256<int> r = (pixels & mask).AsInt32();
        Vector256<int> g = ((pixels >>> 8) & mask).AsInt32();
        Vector256<int> b = ((pixels >>> 16) & mask).AsInt32();
        Vector256<uint> alpha = pixels & Vector256.Create(0xFF000000u);
        if (Adjusts)
        {
            r = Adjust(r);
            g = Adjust(g);
            b = Adjust(b);
        }

        if (Grayscale)
        {
            Vector256<float> luma = (Vector256.ConvertToSingle(r) * ColorKernels.LumaR) + (Vector256.ConvertToSingle(g) * ColorKernels.LumaG)
                + (Vector256.ConvertToSingle(b) * ColorKernels.LumaB);
            r = PixelMath.ToByte(luma);
            g = r;
            b = r;
        }

        return r.AsUInt32() | (g.AsUInt32() << 8) | (b.AsUInt32() << 16) | alpha;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<int> Adjust(Vector256<int> value) =>
        PixelMath.ToByte((((Vector256.ConvertToSingle(value) * Brightness) - Vector256.Create(127.5f)) * Contrast) + Vector256.Create(127.5f));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint Apply(uint pixel)
    {
        byte r = (byte)pixel;
        byte g = (byte)(pixel >> 8);
        byte b = (byte)(pixel >> 16);
        if (Adjusts)
        {
            r = ColorKernels.Adjust(r, Brightness, Contrast);
            g = ColorKernels.Adjust(g, Brightness, Contrast);
            b = ColorKernels.Adjust(b, Brightness, Contrast);
        }

        if (Grayscale)
        {
            r = PixelMath.ToByte((ColorKernels.LumaR * r) + (ColorKernels.LumaG * g) + (ColorKernels.LumaB * b));
            g = r;
            b = r;
        }

        return r | ((uint)g << 8) | ((uint)b << 16) | (pixel & 0xFF000000u);
    }
}
