using ILGPU;

namespace GpuRay.Gpu;

/// <summary>
/// Serialises kernel compilation on the provider's ILGPU context, and repairs the context after a failed compile.
/// </summary>
/// <remarks>
/// In ILGPU 1.5.3 a kernel that fails to compile (for example one that throws) leaves the context's IR caches broken:
/// every later compile on that context fails with a NullReferenceException. <see cref="Context.ClearCache"/> repairs
/// it but is not thread-safe, hence one lock for all compiles through GpuRay. ILGPU serialises compiles itself, so the
/// lock costs no parallelism. Compiles that bypass GpuRay (calling the accelerator's loaders directly) are not covered.
/// </remarks>
internal sealed class KernelCompiler(Context context)
{
    private readonly Lock _lock = new();

    public T Compile<T>(Func<T> load)
    {
        lock (_lock)
        {
            try
            {
                return load();
            }
            catch
            {
                context.ClearCache(ClearCacheMode.Everything);
                throw;
            }
        }
    }
}
