using GpuRay.Workloads.Images;

namespace GpuRay.Workloads.Tests.Images;

public sealed class CpuPipelineTests
{
    private static readonly TransformOptions NoSteps = new() { BlurSigma = 0f, Augment = false };

    private static IEnumerable<TestCaseData> Plans()
    {
        yield return new TestCaseData(TransformOptions.Default).SetName("Run_DefaultOptions_EqualsStepByStepExactly");
        yield return new TestCaseData(NoSteps).SetName("Run_NoSteps_EqualsStepByStepExactly");
        yield return new TestCaseData(NoSteps with { Augment = true }).SetName("Run_AugmentOnly_EqualsStepByStepExactly");
        yield return new TestCaseData(new TransformOptions { BlurSigma = 2f, Orientation = Orientation.Rotate90, Brightness = 1.3f, Contrast = 0.7f, Grayscale = true })
            .SetName("Run_BlurRotateColorGray_EqualsStepByStepExactly");
        yield return new TestCaseData(NoSteps with { Orientation = Orientation.Rotate270, Grayscale = true, ResizeWidth = 50, ResizeHeight = 31 })
            .SetName("Run_RotateGrayDownscale_EqualsStepByStepExactly");
        yield return new TestCaseData(NoSteps with { Orientation = Orientation.FlipHorizontal, Augment = true, Contrast = 1.8f, ResizeWidth = 130, ResizeHeight = 97 })
            .SetName("Run_FlipAugmentContrastUpscale_EqualsStepByStepExactly");
        yield return new TestCaseData(NoSteps with { Brightness = 0.6f, ResizeWidth = 40, ResizeHeight = 40 })
            .SetName("Run_BrightnessResize_EqualsStepByStepExactly");
        yield return new TestCaseData(NoSteps with { ResizeWidth = 77, ResizeHeight = 20 })
            .SetName("Run_ResizeOnly_EqualsStepByStepExactly");
    }

    [TestCaseSource(nameof(Plans))]
    public void Run_GeneratedImages_EqualsStepByStepExactly(TransformOptions options)
    {
        // Odd sizes leave vector tails and partial row blocks; twelve names give each augmentation at least once.
        var dataset = new ImageDatasetOptions { BaseWidth = 83, BaseHeight = 61, Seed = 7 };
        for (int index = 0; index < 12; index++)
        {
            RgbaImage image = ImagePainter.Paint($"img_{index:D4}.png", dataset, index);
            var plan = TransformPlan.Create(image.Name, options);
            RgbaImage expected = CpuSteps.Transform(image, plan);
            (long expectedSum, ulong expectedChecksum) = TensorKernels.Compute(expected.Pixels);
            RgbaImage expectedThumbnail = CpuSteps.Resize(expected, plan.ThumbnailSize, plan.ThumbnailSize);

            (int width, int height, long sum, ulong checksum, RgbaImage thumbnail, RgbaImage? output) = CpuPipeline.Run(image, plan, keepOutput: true);

            Assert.Multiple(() =>
            {
                Assert.That((width, height), Is.EqualTo((expected.Width, expected.Height)), image.Name);
                Assert.That(output!.Pixels.ToArray(), Is.EqualTo(expected.Pixels.ToArray()), image.Name);
                Assert.That((sum, checksum), Is.EqualTo((expectedSum, expectedChecksum)), image.Name);
                Assert.That(thumbnail.Pixels.ToArray(), Is.EqualTo(expectedThumbnail.Pixels.ToArray()), image.Name);
            });
        }
    }

    [Test]
    public void Run_SameImageTwice_GivesTheSameResult()
    {
        // Pooled buffers come back dirty; the second run must not see the first one's pixels.
        RgbaImage first = TestImages.Random(90, 70, seed: 41);
        RgbaImage second = TestImages.Constant(90, 70, 9, 99, 199);
        var plan = TransformPlan.Create("a.png", NoSteps with { Orientation = Orientation.Rotate90, Grayscale = true });
        _ = CpuPipeline.Run(first, plan, keepOutput: false);

        RgbaImage? output = CpuPipeline.Run(second, plan, keepOutput: true).Output;

        Assert.That(output!.Pixels.ToArray(), Is.EqualTo(CpuSteps.Transform(second, plan).Pixels.ToArray()));
    }

    [Test]
    public void Run_NoBlur_AllocatesLittleMoreThanTheThumbnail()
    {
        // A 256x192 image is 192 KiB: one step-by-step run allocates four such images; the fused run only its
        // 16 KiB thumbnail and the small result, once the pools hold their buffers.
        RgbaImage image = TestImages.Random(256, 192, seed: 42);
        var options = NoSteps with { Orientation = Orientation.Rotate90, Brightness = 1.2f, Grayscale = true, ResizeWidth = 200, ResizeHeight = 150 };
        _ = ImageTransforms.Run(image, options);

        long before = GC.GetAllocatedBytesForCurrentThread();
        _ = ImageTransforms.Run(image, options);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.LessThan(32 * 1024));
    }
}
