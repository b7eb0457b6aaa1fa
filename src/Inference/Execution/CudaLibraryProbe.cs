using System.Runtime.InteropServices;

namespace GpuRay.Inference.Execution;

/// <summary>
/// Names the CUDA libraries that ONNX Runtime 1.31's CUDA provider needs and this process cannot load, because the
/// provider's own error only says "Failed to load shared library".
/// </summary>
internal static class CudaLibraryProbe
{
    private static readonly string[] Linux = ["libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcufft.so.12", "libcudnn.so.9"];
    private static readonly string[] Windows = ["cudart64_13.dll", "cublas64_13.dll", "cublasLt64_13.dll", "cufft64_12.dll", "cudnn64_9.dll"];

    public static IReadOnlyList<string> Missing()
    {
        string[] names = OperatingSystem.IsWindows() ? Windows : Linux;
        var missing = new List<string>();
        foreach (string name in names)
        {
            if (NativeLibrary.TryLoad(name, out IntPtr handle))
            {
                NativeLibrary.Free(handle);
            }
            else
            {
                missing.Add(name);
            }
        }

        return missing;
    }

    public static string Explain(string providerError)
    {
        IReadOnlyList<string> missing = Missing();
        return missing.Count == 0 ? providerError : $"{providerError} (cannot load {string.Join(", ", missing)})";
    }
}
