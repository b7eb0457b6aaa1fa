using ILGPU;
using ILGPU.Runtime;

namespace GpuRay.Workloads.Tests.MonteCarloPi;

public sealed class MonteCarloPiGpuCpuAcceleratorTests : MonteCarloPiGpuTests
{
    protected override (Context Context, Accelerator Accelerator) CreateBackend() => Backends.Cpu();
}
