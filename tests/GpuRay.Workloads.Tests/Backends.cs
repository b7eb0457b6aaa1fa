using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace GpuRay.Workloads.Tests;

/// <summary>The accelerators the kernel suites run on: the CPU accelerator (CI), and the first CUDA device.</summary>
internal static class Backends
{
    public static (Context Context, Accelerator Accelerator) Cpu()
    {
        var context = Context.Create(builder => builder.CPU());
        return (context, context.CreateCPUAccelerator(0));
    }

    /// <summary>The first CUDA device; the fixture reports Ignored where there is none.</summary>
    public static (Context Context, Accelerator Accelerator) CudaOrIgnore(string suite)
    {
        var context = Context.Create(builder => builder.Cuda());
        if (context.GetCudaDevices().Count == 0)
        {
            context.Dispose();
            Assert.Ignore($"No CUDA device: {suite} needs one.");
        }

        return (context, context.CreateCudaAccelerator(0));
    }
}
