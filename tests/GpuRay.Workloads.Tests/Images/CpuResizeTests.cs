using GpuRay.Workloads.Images;

namespace GpuRay.Workloads.Tests.Images;

public sealed class CpuResizeTests
{
    [TestCase(64, 64)]
    [TestCase(33, 150)]
    [TestCase(250, 17)]
    [TestCase(1, 1)]
    public void Resize_RandomImage_EqualsReferenceExactly(int width, int height)
    {
        RgbaImage image = TestImages.Random(97, 61, seed: 81);
        var actual = new byte[width * height * 4];
        var sums = default(TensorSums);

        CpuResize.Resize(image.Pixels, image.Width, image.Height, actual, width, height, ref sums, addToTensor: true);

        RgbaImage expected = CpuSteps.Resize(image, width, height);
        Assert.Multiple(() =>
        {
            Assert.That(actual, Is.EqualTo(expected.Pixels.ToArray()));
            Assert.That((sums.Sum, sums.ProductChecksum), Is.EqualTo(TensorKernels.Compute(expected.Pixels)));
        });
    }

    [Test]
    public void Resize_WithoutTensor_LeavesTheSumsAlone()
    {
        RgbaImage image = TestImages.Random(20, 20, seed: 82);
        var sums = default(TensorSums);

        CpuResize.Resize(image.Pixels, 20, 20, new byte[10 * 10 * 4], 10, 10, ref sums, addToTensor: false);

        Assert.That((sums.Sum, sums.ProductChecksum), Is.EqualTo((0L, 0UL)));
    }
}
