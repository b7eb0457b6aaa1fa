using GpuRay.Gpu;
using GpuRay.Runtime;
using GpuRay.Workloads.Images;

namespace GpuRay.Workloads.Tests.Images;

public sealed class ImageTasksTests
{
    private string _folder = null!;
    private string[] _files = null!;

    [OneTimeSetUp]
    public void WriteFiles()
    {
        _folder = Directory.CreateTempSubdirectory("gpuray-image-tasks").FullName;
        _files =
        [
            Path.Combine(_folder, "a.png"),
            Path.Combine(_folder, "broken.png"),
            Path.Combine(_folder, "b.jpg"),
        ];
        ImageIo.SavePng(TestImages.Random(96, 64, seed: 1, name: "a.png"), _files[0]);
        File.WriteAllText(_files[1], "not an image");
        ImageIo.SaveJpeg(TestImages.Random(80, 48, seed: 2, name: "b.jpg"), _files[2], 90);
    }

    [OneTimeTearDown]
    public void RemoveFiles() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task TransformParallel_OneBadFile_CompletesTheOthersAndMatchesSerial()
    {
        await using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 2 });
        var options = new TransformOptions { BlurSigma = 2 };
        IReadOnlyList<ImageRef> images = ImageTasks.LoadParallel(ray, _files);
        var reported = new List<string>();

        IReadOnlyList<ImageBatchItem> parallel = ImageTasks.TransformParallel(ray, images, options, onItemDone: i => reported.Add(i.FilePath));
        IReadOnlyList<ImageBatchItem> serial = ImageTasks.TransformSerial(ray, images, options);

        Assert.That(parallel.Select(i => i.FilePath), Is.EqualTo(_files));
        Assert.That(parallel.Select(i => i.Succeeded), Is.EqualTo(new[] { true, false, true }));
        Assert.That(parallel[1].Error, Is.TypeOf<ImageLoadException>());
        Assert.That(parallel[1].Error!.Message, Does.Contain(_files[1]));
        Assert.That(serial[1].Error!.Message, Does.Contain(_files[1]));
        Assert.That(parallel[0].Result!.ThumbnailChecksum, Is.EqualTo(serial[0].Result!.ThumbnailChecksum));
        Assert.That(parallel[2].Result!.TensorSum, Is.EqualTo(serial[2].Result!.TensorSum));
        Assert.That(reported, Is.EquivalentTo(_files));
    }

    [Test]
    public async Task TransformParallel_OnGpuFallback_MatchesTheCpuRunWithinTolerance()
    {
        await using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 2 }.UseGpus(new GpuOptions { Device = "cpu" }));
        var options = new TransformOptions { BlurSigma = 1.5f };
        IReadOnlyList<ImageRef> images = ImageTasks.LoadParallel(ray, [_files[0]]);

        ImageBatchItem gpu = ImageTasks.TransformParallel(ray, images, options, onGpu: true).Single();
        ImageBatchItem cpu = ImageTasks.TransformSerial(ray, images, options).Single();

        Assert.That(gpu.Error, Is.Null);
        Assert.That(gpu.Result!.Augmentation, Is.EqualTo(cpu.Result!.Augmentation));
        Assert.That(TestImages.MaxDifference(cpu.Result.Thumbnail.Pixels, gpu.Result.Thumbnail.Pixels), Is.LessThanOrEqualTo(2));
        Assert.That(Math.Abs(gpu.Result.TensorSum - cpu.Result.TensorSum), Is.LessThanOrEqualTo(cpu.Result.TensorSum * 1e-3));
    }
}
