using ILGPU;
using ILGPU.Runtime;

namespace GpuRay.Workloads.Tests.Images;

public sealed class ImageKernelsCpuAcceleratorTests : ImageKernelsTests
{
    protected override (Context Context, Accelerator Accelerator) CreateBackend() => Backends.Cpu();
}
