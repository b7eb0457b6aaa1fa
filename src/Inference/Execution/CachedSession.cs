using Microsoft.ML.OnnxRuntime;

namespace GpuRay.Inference.Execution;

/// <summary>One ONNX Runtime session shared by every task that runs the same model on the same device.</summary>
/// <remarks><see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue})"/>
/// is thread-safe, so tasks call it concurrently.</remarks>
internal sealed class CachedSession(InferenceSession session, string provider, string? fallbackReason) : IDisposable
{
    public InferenceSession Session { get; } = session;

    /// <summary><c>CPU</c> or <c>CUDA:&lt;device&gt;</c>: where the session actually runs.</summary>
    public string Provider { get; } = provider;

    /// <summary>Why a CUDA request runs on the CPU, or <see langword="null"/>.</summary>
    public string? FallbackReason { get; } = fallbackReason;

    public void Dispose() => Session.Dispose();
}
