namespace GpuRay.Gpu.Tests.Devices;

public sealed class CudaFaultsTests
{
    [TestCase("CUDA_ERROR_ILLEGAL_ADDRESS", true)]
    [TestCase("CUDA_ERROR_LAUNCH_FAILED", true)]
    [TestCase("CUDA_ERROR_MISALIGNED_ADDRESS", true)]
    [TestCase("CUDA_ERROR_OUT_OF_MEMORY", false)]
    [TestCase("CUDA_ERROR_INVALID_VALUE", false)]
    [TestCase("CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES", false)]
    [TestCase(null, false)]
    public void IsSticky_ErrorName_TrueOnlyForProcessFatalErrors(string? error, bool sticky)
    {
        Assert.That(CudaFaults.IsSticky(error), Is.EqualTo(sticky));
    }

    [Test]
    public void StickyError_NotACudaException_IsNull()
    {
        Assert.That(CudaFaults.StickyError(new InvalidOperationException("x", new ArgumentException("y"))), Is.Null);
    }
}
