using GpuRay.Workloads.Images;

namespace GpuRay.Workloads.Tests.Images;

public sealed class OrientationMapTests
{
    [Test]
    public void Then_EveryPairOfSteps_GathersAsTheTwoStepsOneAfterTheOther(
        [Values] Orientation first, [Values] Orientation second)
    {
        // 37 x 21: neither side a multiple of the 16-row column block.
        RgbaImage image = TestImages.Random(37, 21, seed: 51);
        RgbaImage expected = CpuSteps.Orient(CpuSteps.Orient(image, first), second);
        OrientationMap map = OrientationMap.Identity(image.Width, image.Height).Then(first).Then(second);
        var actual = new byte[image.Pixels.Length];

        map.Gather(image.Pixels, actual, 0, map.Height);

        Assert.Multiple(() =>
        {
            Assert.That((map.Width, map.Height), Is.EqualTo((expected.Width, expected.Height)));
            Assert.That(actual, Is.EqualTo(expected.Pixels.ToArray()));
        });
    }

    [Test]
    public void Gather_RowsInTwoCalls_EqualsOneCall()
    {
        RgbaImage image = TestImages.Random(40, 30, seed: 52);
        OrientationMap map = OrientationMap.Identity(40, 30).Then(Orientation.Rotate90).Then(Orientation.FlipHorizontal);
        var whole = new byte[image.Pixels.Length];
        var parts = new byte[image.Pixels.Length];
        map.Gather(image.Pixels, whole, 0, map.Height);

        map.Gather(image.Pixels, parts, 0, 17);
        map.Gather(image.Pixels, parts, 17, map.Height - 17);

        Assert.That(parts, Is.EqualTo(whole));
    }

    [TestCase(Orientation.None, true)]
    [TestCase(Orientation.FlipVertical, false)]
    public void IsIdentity_TwiceTheSameStep_IsTrueOnlyWhenNothingMoves(Orientation step, bool identity)
    {
        OrientationMap map = OrientationMap.Identity(8, 8).Then(step).Then(Orientation.Rotate180).Then(Orientation.Rotate180);

        Assert.That(map.IsIdentity, Is.EqualTo(identity));
    }
}
