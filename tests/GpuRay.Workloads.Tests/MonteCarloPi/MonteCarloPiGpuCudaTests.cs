using ILGPU;
using ILGPU.Runtime;

namespace GpuRay.Workloads.Tests.MonteCarloPi;

[Category("Cuda")]
public sealed class MonteCarloPiGpuCudaTests : MonteCarloPiGpuTests
{
    protected override (Context Context, Accelerator Accelerator) CreateBackend() =>
        Backends.CudaOrIgnore("the CUDA run of the Monte Carlo pi GPU suite");
}
