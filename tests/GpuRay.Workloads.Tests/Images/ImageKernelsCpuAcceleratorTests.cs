using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace GpuRay.Workloads.Tests.Images;

public sealed class ImageKernelsCpuAcceleratorTests : ImageKernelsTests
{
    protected override (Context Context, Accelerator Accelerator) CreateBackend()
    {
        var context = Context.Create(builder => builder.CPU());
        return (context, context.CreateCPUAccelerator(0));
    }
}
