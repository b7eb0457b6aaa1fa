using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using GpuRay.Functions;
using GpuRay.Workloads.Images;

namespace GpuRay.Benchmarks;

/// <summary>
/// The tutorial's image pipeline (blur, augmentation, tensor arithmetic, 64x64 thumbnail) over four decoded images
/// of 1600x1200 and up: the step-by-step CPU path (a new image per step; the baseline) against the fused path
/// (one pass for the per-pixel steps, pooled buffers), each serially on one thread and as one GpuRay task per
/// image, under the server and the workstation GC. <see cref="BlurSigma"/> 0 is the pipeline without the blur,
/// which another change replaces. Times and allocations are per image: MP/s per core = megapixels per image
/// (printed at setup) / mean for the serial rows, and / (mean x cores) for the task rows.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GcJobs))]
public class ImagePipelineBenchmark
{
    private const int Images = 4;

    private GpuRayRuntime _ray = null!;
    private IReadOnlyList<ImageRef> _refs = [];
    private RgbaImage[] _images = [];
    private TransformOptions _options = TransformOptions.Default;
    private RemoteFunction<RgbaImage, TransformResult> _stepByStep = null!;
    private RemoteFunction<RgbaImage, TransformResult> _fused = null!;

    /// <summary>Gets or sets the blur's standard deviation: 20 is the tutorial's; 0 leaves the blur out.</summary>
    [Params(20f, 0f)]
    public float BlurSigma { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string folder = Path.Combine(Path.GetTempPath(), "gpuray-bench", "images-1600x4");
        ImageDataset data = ImageDatasetGenerator.Generate(folder, new ImageDatasetOptions { Count = Images, BaseWidth = 1600, BaseHeight = 1200 });
        _ray = GpuRayRuntime.Start();
        _refs = ImageTasks.LoadParallel(_ray, data.Files);
        _images = [.. _refs.Select(r => _ray.Get(r.Image))];
        _options = TransformOptions.Default with { BlurSigma = BlurSigma };
        TransformOptions options = _options;
        _stepByStep = _ray.Remote<RgbaImage, TransformResult>(image => ImageTransforms.RunStepByStep(image, options), name: "bench.StepByStep");
        _fused = _ray.Remote<RgbaImage, TransformResult>(image => ImageTransforms.Run(image, options), name: "bench.Fused");
        double megapixels = _images.Sum(i => (double)i.Width * i.Height) / 1e6;
        Console.WriteLine($"// {Images} images, {megapixels / Images:0.000} MP per image, {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}");
    }

    [GlobalCleanup]
    public void Cleanup() => _ray.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Images)]
    public long StepByStep()
    {
        long sum = 0;
        foreach (RgbaImage image in _images)
        {
            sum += ImageTransforms.RunStepByStep(image, _options).TensorSum;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Images)]
    public long Fused()
    {
        long sum = 0;
        foreach (RgbaImage image in _images)
        {
            sum += ImageTransforms.Run(image, _options).TensorSum;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Images)]
    public long StepByStepTaskPerImage() => RunTasks(_stepByStep);

    [Benchmark(OperationsPerInvoke = Images)]
    public long FusedTaskPerImage() => RunTasks(_fused);

    private long RunTasks(RemoteFunction<RgbaImage, TransformResult> transform) =>
        _ray.Get([.. _refs.Select(r => transform.Remote(r.Image))]).Sum(r => r.TensorSum);

    /// <summary>One job per GC: the server GC the gpuray tool uses today, and the workstation GC it could use.</summary>
    private sealed class GcJobs : ManualConfig
    {
        public GcJobs()
        {
            Job job = Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5).WithGcConcurrent(false);
            AddJob(job.WithGcServer(true).WithId("ServerGC"));
            AddJob(job.WithGcServer(false).WithId("WorkstationGC"));
        }
    }
}
