namespace GpuRay.Inference.Models;

/// <summary>An image as raw 8-bit pixels, row-major, RGBA (4 bytes a pixel) or RGB (3 bytes a pixel).</summary>
/// <param name="Pixels">The pixel bytes; the length tells RGBA (width x height x 4) from RGB (width x height x 3).</param>
/// <param name="Width">The width in pixels.</param>
/// <param name="Height">The height in pixels.</param>
public readonly record struct PixelBuffer(ReadOnlyMemory<byte> Pixels, int Width, int Height);
