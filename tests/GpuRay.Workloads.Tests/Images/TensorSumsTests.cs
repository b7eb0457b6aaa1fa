using GpuRay.Workloads.Images;

namespace GpuRay.Workloads.Tests.Images;

public sealed class TensorSumsTests
{
    [Test]
    public void Add_RowByRow_EqualsComputeExactly()
    {
        RgbaImage image = TestImages.Random(1203, 37, seed: 71);
        var sums = default(TensorSums);

        for (int y = 0; y < image.Height; y++)
        {
            sums.Add(image.Pixels.Slice(y * image.Width * 4, image.Width * 4), (long)y * image.Width);
        }

        Assert.That((sums.Sum, sums.ProductChecksum), Is.EqualTo(TensorKernels.Compute(image.Pixels)));
    }

    [Test]
    public void Add_WhiteImageWhoseWeightedSumWraps_EqualsComputeExactly()
    {
        // 2600 x 1600 white pixels: the largest squares in every lane, and a weighted sum past 2^63.
        RgbaImage image = TestImages.Constant(2600, 1600, 255, 255, 255);
        var sums = default(TensorSums);

        sums.Add(image.Pixels, 0);

        Assert.That((sums.Sum, sums.ProductChecksum), Is.EqualTo(TensorKernels.Compute(image.Pixels)));
    }

    [Test]
    public void Add_FewerPixelsThanAVector_EqualsComputeExactly()
    {
        byte[] pixels = [1, 2, 3, 255, 4, 5, 6, 0, 200, 100, 50, 7];
        var sums = default(TensorSums);

        sums.Add(pixels, 0);

        Assert.That((sums.Sum, sums.ProductChecksum), Is.EqualTo(TensorKernels.Compute(pixels)));
    }
}
