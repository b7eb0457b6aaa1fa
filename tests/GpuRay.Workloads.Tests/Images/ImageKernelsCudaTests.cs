using ILGPU;
using ILGPU.Runtime;

namespace GpuRay.Workloads.Tests.Images;

[Category("Cuda")]
public sealed class ImageKernelsCudaTests : ImageKernelsTests
{
    protected override (Context Context, Accelerator Accelerator) CreateBackend() =>
        Backends.CudaOrIgnore("the CUDA run of the image kernel suite");
}
