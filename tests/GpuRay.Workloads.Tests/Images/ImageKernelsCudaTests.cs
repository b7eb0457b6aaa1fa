using ILGPU;
using ILGPU.Runtime;

namespace GpuRay.Workloads.Tests.Images;

[Category("Cuda")]
public sealed class ImageKernelsCudaTests : ImageKernelsTests
{
    protected override (Context Context, Accelerator Accelerator) CreateBackend() =>
        CudaBackend.CreateOrIgnore("the CUDA run of the image kernel suite");
}
