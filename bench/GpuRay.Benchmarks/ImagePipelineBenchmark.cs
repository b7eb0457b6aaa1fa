using BenchmarkDotNet.Attributes;

using GpuRay.Workloads.Images;

namespace GpuRay.Benchmarks;

/// <summary>
/// The tutorial's image pipeline (blur sigma 20, augmentation, tensor arithmetic, 64x64 thumbnail) over a batch of
/// decoded images held in the object store: serially on one thread (baseline) against one GpuRay task per image.
/// Megapixels/s = <see cref="Megapixels"/> / mean; parallel efficiency = 1 / (Ratio x cores), target 0.85.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ImagePipelineBenchmark
{
    private readonly TransformOptions _options = TransformOptions.Default;
    private GpuRayRuntime _ray = null!;
    private IReadOnlyList<ImageRef> _images = [];

    /// <summary>Pixels in the batch, in megapixels.</summary>
    public double Megapixels { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        string folder = Path.Combine(Path.GetTempPath(), "gpuray-bench", "images-1600");
        ImageDataset data = ImageDatasetGenerator.Generate(folder, new ImageDatasetOptions { Count = 2 * Environment.ProcessorCount, BaseWidth = 1600, BaseHeight = 1200 });
        _ray = GpuRayRuntime.Start();
        _images = ImageTasks.LoadParallel(_ray, data.Files);
        Megapixels = _images.Sum(i => (double)_ray.Get(i.Image).Width * _ray.Get(i.Image).Height) / 1e6;
        Console.WriteLine($"// {_images.Count} images, {Megapixels:0.0} MP");
    }

    [GlobalCleanup]
    public void Cleanup() => _ray.Dispose();

    [Benchmark(Baseline = true)]
    public int Serial() => ImageTasks.TransformSerial(_ray, _images, _options).Count(i => i.Succeeded);

    [Benchmark]
    public int GpuRayTaskPerImage() => ImageTasks.TransformParallel(_ray, _images, _options).Count(i => i.Succeeded);
}
