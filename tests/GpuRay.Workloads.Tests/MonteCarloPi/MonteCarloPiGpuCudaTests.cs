using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace GpuRay.Workloads.Tests.MonteCarloPi;

[Category("Cuda")]
public sealed class MonteCarloPiGpuCudaTests : MonteCarloPiGpuTests
{
    protected override (Context Context, Accelerator Accelerator) CreateBackend()
    {
        var context = Context.Create(builder => builder.Cuda());
        if (context.GetCudaDevices().Count == 0)
        {
            context.Dispose();
            Assert.Ignore("No CUDA device: the CUDA run of the Monte Carlo pi GPU suite needs one.");
        }

        return (context, context.CreateCudaAccelerator(0));
    }
}
