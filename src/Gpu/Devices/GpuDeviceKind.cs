namespace GpuRay.Gpu;

/// <summary>What backs a GPU slot.</summary>
public enum GpuDeviceKind
{
    /// <summary>An NVIDIA GPU through ILGPU's CUDA backend.</summary>
    Cuda,

    /// <summary>A GPU through ILGPU's OpenCL backend.</summary>
    OpenCL,

    /// <summary>ILGPU's CPU accelerator standing in for a GPU (correct but slow; how CI runs GPU tasks).</summary>
    CpuFallback,
}
