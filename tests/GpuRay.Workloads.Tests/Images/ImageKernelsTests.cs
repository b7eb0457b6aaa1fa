using GpuRay.Workloads.Images;
using ILGPU;
using ILGPU.Runtime;

namespace GpuRay.Workloads.Tests.Images;

/// <summary>
/// Each ILGPU kernel really runs on the derived fixture's accelerator (the CPU accelerator in CI, CUDA where a
/// device exists) and is compared with its CPU reference. Tolerances: exact
/// for flips, rotations and the integer tensor arithmetic; at most one level per byte for the float steps (blur,
/// grayscale, brightness/contrast, resize), where a different float rounding may move a value across .5.
/// </summary>
public abstract class ImageKernelsTests
{
    private Context _context = null!;
    private Accelerator _accelerator = null!;

    [OneTimeSetUp]
    public void CreateAccelerator()
    {
        (_context, _accelerator) = CreateBackend();
    }

    [OneTimeTearDown]
    public void DisposeAccelerator()
    {
        _accelerator?.Dispose();
        _context?.Dispose();
    }

    /// <summary>Creates the context and accelerator the kernels run on.</summary>
    protected abstract (Context Context, Accelerator Accelerator) CreateBackend();

    [TestCase(1.5f)]
    [TestCase(20f)]
    public void BlurKernel_RandomImage_MatchesCpuWithinOneLevel(float sigma)
    {
        RgbaImage image = TestImages.Random(97, 64, seed: 11);
        float[] weights = GaussianKernel.Create(sigma);

        byte[] gpu = RunStep(image, d => GpuSteps.Blur(_accelerator, d, weights));

        Assert.That(TestImages.MaxDifference(CpuSteps.Blur(image, weights).Pixels, gpu), Is.LessThanOrEqualTo(1));
    }

    [TestCase(Orientation.None)]
    [TestCase(Orientation.FlipHorizontal)]
    [TestCase(Orientation.FlipVertical)]
    [TestCase(Orientation.Rotate90)]
    [TestCase(Orientation.Rotate180)]
    [TestCase(Orientation.Rotate270)]
    public void OrientKernel_RandomImage_EqualsCpu(Orientation orientation)
    {
        RgbaImage image = TestImages.Random(96, 64, seed: 12);

        byte[] gpu = RunStep(image, d => GpuSteps.Orient(_accelerator, d, orientation));

        Assert.That(gpu, Is.EqualTo(CpuSteps.Orient(image, orientation).Pixels.ToArray()));
    }

    [Test]
    public void GrayscaleKernel_RandomImage_MatchesCpuWithinOneLevel()
    {
        RgbaImage image = TestImages.Random(96, 64, seed: 13);

        byte[] gpu = RunStep(image, d => GpuSteps.Grayscale(_accelerator, d));

        Assert.That(TestImages.MaxDifference(CpuSteps.Grayscale(image).Pixels, gpu), Is.LessThanOrEqualTo(1));
    }

    [TestCase(1.3f, 0.8f)]
    [TestCase(0.6f, 1.5f)]
    public void BrightnessContrastKernel_RandomImage_MatchesCpuWithinOneLevel(float brightness, float contrast)
    {
        RgbaImage image = TestImages.Random(96, 64, seed: 14);

        byte[] gpu = RunStep(image, d => GpuSteps.BrightnessContrast(_accelerator, d, brightness, contrast));

        byte[] cpu = CpuSteps.BrightnessContrast(image, brightness, contrast).Pixels.ToArray();
        Assert.That(TestImages.MaxDifference(cpu, gpu), Is.LessThanOrEqualTo(1));
    }

    [TestCase(64, 64)]
    [TestCase(150, 101)]
    public void ResizeKernel_RandomImage_MatchesCpuWithinOneLevel(int width, int height)
    {
        RgbaImage image = TestImages.Random(96, 64, seed: 15);

        byte[] gpu = RunStep(image, d => GpuSteps.Resize(_accelerator, d, width, height));

        Assert.That(TestImages.MaxDifference(CpuSteps.Resize(image, width, height).Pixels, gpu), Is.LessThanOrEqualTo(1));
    }

    [Test]
    public void TensorKernels_RandomImage_EqualCpuExactly()
    {
        RgbaImage image = TestImages.Random(96, 64, seed: 16);
        using DeviceImage device = DeviceImage.Upload(_accelerator, image);

        (long sum, ulong checksum) = GpuSteps.Tensor(_accelerator, device);

        Assert.That((sum, checksum), Is.EqualTo(TensorKernels.Compute(image.Pixels)));
    }

    [Test]
    public void RunOnGpu_DefaultPipeline_MatchesCpuRun()
    {
        RgbaImage image = TestImages.Random(128, 96, seed: 17, name: "pipeline.png");
        var options = new TransformOptions { BlurSigma = 4f, Grayscale = true, Contrast = 1.2f, ResizeWidth = 100, ResizeHeight = 80 };

        TransformResult cpu = ImageTransforms.Run(image, options);
        TransformResult gpu = ImageTransforms.RunOnGpu(_accelerator, image, options);

        // Each float step may differ by one level; over the pipeline the thumbnail stays within two and the
        // sum of squares (about 2 * 255 per changed element at most) within 1e-3 relative.
        Assert.Multiple(() =>
        {
            Assert.That((gpu.OutputWidth, gpu.OutputHeight, gpu.Augmentation), Is.EqualTo((cpu.OutputWidth, cpu.OutputHeight, cpu.Augmentation)));
            Assert.That(TestImages.MaxDifference(cpu.Thumbnail.Pixels, gpu.Thumbnail.Pixels), Is.LessThanOrEqualTo(2));
            Assert.That(Math.Abs(gpu.TensorSum - cpu.TensorSum) / (double)cpu.TensorSum, Is.LessThanOrEqualTo(1e-3));
        });
    }

    [Test]
    public void BatchRunOnGpu_OneTruncatedFile_CompletesTheOthers()
    {
        string folder = Path.Combine(Path.GetTempPath(), "gpuray-gpubatch-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string good = Path.Combine(folder, "good.png");
            string truncated = Path.Combine(folder, "truncated.jpg");
            ImageIo.SavePng(TestImages.Random(96, 64, seed: 18), good);
            ImageIo.SaveJpeg(TestImages.Random(96, 64, seed: 19), truncated, 90);
            byte[] bytes = File.ReadAllBytes(truncated);
            File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

            IReadOnlyList<ImageBatchItem> items = ImageBatch.RunOnGpu(
                _accelerator, [truncated, good], new TransformOptions { BlurSigma = 2f }, ImageLoadOptions.Default);

            Assert.Multiple(() =>
            {
                Assert.That(items[0].Error, Is.TypeOf<ImageLoadException>().And.Message.Contains(truncated).And.Message.Contains("truncated"));
                Assert.That(items[1].Succeeded, Is.True);
                Assert.That(items[1].Result!.Thumbnail.Width, Is.EqualTo(64));
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private byte[] RunStep(RgbaImage image, Func<DeviceImage, DeviceImage> step)
    {
        using DeviceImage input = DeviceImage.Upload(_accelerator, image);
        using DeviceImage output = step(input);
        return output.Download();
    }
}
