using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace GpuRay.Workloads.Tests.MonteCarloPi;

public sealed class MonteCarloPiGpuCpuAcceleratorTests : MonteCarloPiGpuTests
{
    protected override (Context Context, Accelerator Accelerator) CreateBackend()
    {
        var context = Context.Create(builder => builder.CPU());
        return (context, context.CreateCPUAccelerator(0));
    }
}
