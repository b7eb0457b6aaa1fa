using ILGPU;
using ILGPU.Runtime;

namespace GpuRay.Workloads.Images;

/// <summary>An RGBA image in device memory; owns its buffer.</summary>
internal sealed class DeviceImage : IDisposable
{
    private readonly MemoryBuffer1D<byte, Stride1D.Dense> _buffer;

    private DeviceImage(MemoryBuffer1D<byte, Stride1D.Dense> buffer, int width, int height)
    {
        _buffer = buffer;
        Width = width;
        Height = height;
    }

    public int Width { get; }

    public int Height { get; }

    public int PixelCount => Width * Height;

    public ArrayView<byte> View => _buffer.View;

    public static DeviceImage Allocate(Accelerator accelerator, int width, int height) =>
        new(accelerator.Allocate1D<byte>((long)width * height * RgbaImage.BytesPerPixel), width, height);

    public static DeviceImage Upload(Accelerator accelerator, RgbaImage image) =>
        new(accelerator.Allocate1D(image.Array), image.Width, image.Height);

    public byte[] Download() => _buffer.GetAsArray1D();

    public void Dispose() => _buffer.Dispose();
}
