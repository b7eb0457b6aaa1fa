using GpuRay.Workloads.Images;

namespace GpuRay.Workloads.Tests.Images;

public sealed class ImageTransformsTests
{
    private string _folder = null!;

    [OneTimeSetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "gpuray-transforms-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [OneTimeTearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Run_DefaultOptions_ReturnsShapesSumsAnd64x64Thumbnail()
    {
        RgbaImage image = TestImages.Random(160, 120, seed: 31, name: "photo.png");

        TransformResult result = ImageTransforms.Run(image);

        Assert.Multiple(() =>
        {
            Assert.That(result.SourceName, Is.EqualTo("photo.png"));
            Assert.That((result.Width, result.Height), Is.EqualTo((160, 120)));
            Assert.That((result.Thumbnail.Width, result.Thumbnail.Height), Is.EqualTo((64, 64)));
            Assert.That(result.TensorShape, Is.EqualTo(new[] { result.OutputHeight, result.OutputWidth, 3 }));
            Assert.That(result.TensorSum, Is.GreaterThan(0));
            Assert.That(result.OutputPath, Is.Null);
        });
    }

    [Test]
    public void Run_SameInputTwice_GivesTheSameChecksums()
    {
        RgbaImage image = TestImages.Random(96, 64, seed: 32);

        TransformResult first = ImageTransforms.Run(image);
        TransformResult second = ImageTransforms.Run(image);

        Assert.That(
            (second.TensorSum, second.TensorProductChecksum, second.ThumbnailChecksum, second.Augmentation),
            Is.EqualTo((first.TensorSum, first.TensorProductChecksum, first.ThumbnailChecksum, first.Augmentation)));
    }

    [Test]
    public void Run_Rotate90_SwapsOutputShape()
    {
        RgbaImage image = TestImages.Random(96, 64, seed: 33);

        TransformResult result = ImageTransforms.Run(image, new TransformOptions { Orientation = Orientation.Rotate90, Augment = false });

        Assert.That((result.OutputWidth, result.OutputHeight), Is.EqualTo((64, 96)));
    }

    [Test]
    public void Run_DoesNotChangeTheInput()
    {
        RgbaImage image = TestImages.Random(96, 64, seed: 34);
        byte[] before = image.Pixels.ToArray();

        ImageTransforms.Run(image, new TransformOptions { Grayscale = true, Brightness = 1.5f });

        Assert.That(image.Pixels.ToArray(), Is.EqualTo(before));
    }

    [Test]
    public void Run_WithOutputFolder_WritesALoadablePng()
    {
        RgbaImage image = TestImages.Random(96, 64, seed: 35, name: "out.jpg");

        TransformResult result = ImageTransforms.Run(image, new TransformOptions { OutputFolder = _folder, ResizeWidth = 50, ResizeHeight = 40 });

        Assert.That(result.OutputPath, Is.EqualTo(Path.Combine(_folder, "out.transformed.png")));
        RgbaImage written = ImageIo.Load(result.OutputPath!);
        Assert.That((written.Width, written.Height), Is.EqualTo((50, 40)));
    }

    [Test]
    public void Run_NegativeSigma_ThrowsNamingTheOption()
    {
        RgbaImage image = TestImages.Random(16, 16, seed: 36);

        Assert.That(
            () => ImageTransforms.Run(image, new TransformOptions { BlurSigma = -1f }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("BlurSigma"));
    }

    [Test]
    public void Augmentation_SameSeedAndName_IsStable()
    {
        AugmentationPlan first = AugmentationPlan.Choose("a.png", 42);

        Assert.That(AugmentationPlan.Choose("a.png", 42), Is.EqualTo(first));
    }

    [Test]
    public void BatchRun_OneCorruptFile_CompletesTheOthers()
    {
        string good1 = Path.Combine(_folder, "batch1.png");
        string good2 = Path.Combine(_folder, "batch2.jpg");
        string bad = Path.Combine(_folder, "batch-bad.png");
        ImageIo.SavePng(TestImages.Random(96, 64, seed: 37), good1);
        ImageIo.SaveJpeg(TestImages.Random(80, 60, seed: 38), good2, 85);
        File.WriteAllText(bad, "not a png");

        IReadOnlyList<ImageBatchItem> items = ImageBatch.Run(
            [good1, bad, good2], new TransformOptions { BlurSigma = 2f }, ImageLoadOptions.Default);

        Assert.Multiple(() =>
        {
            Assert.That(items.Select(i => i.FilePath), Is.EqualTo(new[] { good1, bad, good2 }));
            Assert.That(items.Select(i => i.Succeeded), Is.EqualTo(new[] { true, false, true }));
            Assert.That(items[1].Error, Is.TypeOf<ImageLoadException>().And.Message.Contains(bad));
            Assert.That(items[2].Result!.Width, Is.EqualTo(80));
        });
    }
}
