using System.Collections.Concurrent;
using GpuRay.Inference.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace GpuRay.Inference.Execution;

/// <summary>
/// Creates each (model, device, threads) session once and hands the same one to every task. A CUDA request whose
/// provider cannot load falls back to the CPU, with one warning per device for the cache's lifetime.
/// </summary>
internal sealed class SessionCache : IDisposable
{
    private readonly ConcurrentDictionary<SessionKey, Lazy<CachedSession>> _sessions = new();
    private readonly ConcurrentDictionary<int, string> _cudaFailures = new();

    /// <summary>The process-wide cache that the public entry points use.</summary>
    public static SessionCache Shared { get; } = new();

    public int Count => _sessions.Count;

    public CachedSession GetOrCreate(OnnxModel model, InferenceOptions options)
    {
        var key = new SessionKey(model.ContentHash, options.CudaDeviceId ?? -1, options.IntraOpThreads);
        Lazy<CachedSession> lazy = _sessions.GetOrAdd(
            key, k => new Lazy<CachedSession>(() => Create(model, k, options.Logger ?? NullLogger.Instance), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A model that failed to load must not poison the key for a later, fixed attempt.
            _sessions.TryRemove(new KeyValuePair<SessionKey, Lazy<CachedSession>>(key, lazy));
            throw;
        }
    }

    public void Dispose()
    {
        foreach (Lazy<CachedSession> lazy in _sessions.Values)
        {
            if (lazy.IsValueCreated)
            {
                lazy.Value.Dispose();
            }
        }

        _sessions.Clear();
    }

    private static SessionOptions NewOptions(int intraOpThreads) => new()
    {
        IntraOpNumThreads = intraOpThreads,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

    private CachedSession Create(OnnxModel model, SessionKey key, ILogger logger)
    {
        byte[] bytes = model.GetBytesUnsafe();
        string? fallbackReason = null;
        if (key.CudaDeviceId >= 0)
        {
            if (_cudaFailures.TryGetValue(key.CudaDeviceId, out string? known))
            {
                fallbackReason = known;
            }
            else
            {
                using SessionOptions cudaOptions = NewOptions(key.IntraOpThreads);
                try
                {
                    cudaOptions.AppendExecutionProvider_CUDA(key.CudaDeviceId);
                    return new CachedSession(new InferenceSession(bytes, cudaOptions), $"CUDA:{key.CudaDeviceId}", null);
                }
                catch (OnnxRuntimeException e)
                {
                    fallbackReason = CudaLibraryProbe.Explain(e.Message);
                }
            }
        }

        using SessionOptions cpuOptions = NewOptions(key.IntraOpThreads);
        InferenceSession session;
        try
        {
            session = new InferenceSession(bytes, cpuOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelFormatException(model.Name, null, "a model that ONNX Runtime 1.31 can load", $"a load error ({e.Message})", e);
        }

        // Only now is the failure known to be CUDA's and not the model's; say it once per device.
        if (fallbackReason is not null && _cudaFailures.TryAdd(key.CudaDeviceId, fallbackReason))
        {
            Log.CudaFallback(logger, key.CudaDeviceId, model.Name, fallbackReason);
        }

        return new CachedSession(session, "CPU", fallbackReason);
    }
}
