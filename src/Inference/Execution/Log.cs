using Microsoft.Extensions.Logging;

namespace GpuRay.Inference.Execution;

internal static partial class Log
{
    [LoggerMessage(
        EventId = 1,
        Level = LogLevel.Warning,
        Message = "CUDA execution provider unavailable on device {DeviceId}, so model {Model} runs on the CPU execution provider instead " +
                  "(ONNX Runtime 1.31's CUDA provider needs the CUDA 13 and cuDNN 9 libraries): {Reason}")]
    public static partial void CudaFallback(ILogger logger, int deviceId, string model, string reason);
}
