using ILGPU.Runtime.Cuda;

namespace GpuRay.Gpu;

/// <summary>Which CUDA errors leave the process unable to use the device again (CUDA's "sticky" errors).</summary>
internal static class CudaFaults
{
    // The driver API's documentation says of each: "This leaves the process in an inconsistent state and any further
    // CUDA work will return the same error. To continue using CUDA, the process must be terminated and relaunched."
    // Seen on an H100 (driver 580): after CUDA_ERROR_ILLEGAL_ADDRESS, creating a new accelerator fails with it too.
    private static readonly HashSet<string> Sticky = new(StringComparer.Ordinal)
    {
        "CUDA_ERROR_ILLEGAL_ADDRESS",
        "CUDA_ERROR_MISALIGNED_ADDRESS",
        "CUDA_ERROR_ILLEGAL_INSTRUCTION",
        "CUDA_ERROR_INVALID_PC",
        "CUDA_ERROR_HARDWARE_STACK_ERROR",
        "CUDA_ERROR_LAUNCH_FAILED",
        "CUDA_ERROR_LAUNCH_TIMEOUT",
        "CUDA_ERROR_ASSERT",
        "CUDA_ERROR_ECC_UNCORRECTABLE",
    };

    /// <summary>The CUDA error name when the exception (or one it wraps) is a sticky CUDA error; otherwise null.</summary>
    public static string? StickyError(Exception? exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is CudaException cuda && IsSticky(cuda.Error))
            {
                return cuda.Error;
            }
        }

        return null;
    }

    /// <summary>True for the names of the CUDA errors that end the process's use of the device.</summary>
    public static bool IsSticky(string? error) => error is not null && Sticky.Contains(error);
}
