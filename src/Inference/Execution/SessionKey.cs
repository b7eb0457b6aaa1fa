namespace GpuRay.Inference.Execution;

/// <summary>What makes two sessions interchangeable: the model's content, the device and the thread budget.</summary>
/// <param name="ModelHash">The model's SHA-256.</param>
/// <param name="CudaDeviceId">The requested CUDA device, or -1 for the CPU.</param>
/// <param name="IntraOpThreads">ONNX Runtime's intra-op thread count.</param>
internal readonly record struct SessionKey(string ModelHash, int CudaDeviceId, int IntraOpThreads);
