using ILGPU.Runtime;

namespace GpuRay.Gpu;

/// <summary>An inventory entry together with the ILGPU device that backs it.</summary>
internal sealed record DiscoveredDevice(GpuDeviceInfo Info, Device Device);
