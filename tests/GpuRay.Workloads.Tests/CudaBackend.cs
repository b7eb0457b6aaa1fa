using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace GpuRay.Workloads.Tests;

/// <summary>The first CUDA device for the CUDA fixtures; Ignored where there is none.</summary>
internal static class CudaBackend
{
    public static (Context Context, Accelerator Accelerator) CreateOrIgnore(string suite)
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
