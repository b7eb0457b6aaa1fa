namespace GpuRay.Gpu;

/// <summary>The parsed form of <see cref="GpuOptions.Device"/> / <c>GPURAY_DEVICE</c>.</summary>
internal enum DeviceSelection
{
    Auto,
    Cuda,
    OpenCL,
    Cpu,
}
