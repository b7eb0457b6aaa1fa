using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using GpuRay.Inference.Data;
using GpuRay.Inference.Execution;
using GpuRay.Inference.Models;

namespace GpuRay.Benchmarks;

/// <summary>
/// Batch inference over the tutorial's 12 taxi shards (about 1.74M rows): one shared ONNX Runtime session driven
/// directly on all cores (the baseline GpuRay's one-task-per-shard variant is measured against), and the same
/// shards one after another. Rows/s = <see cref="TotalRows"/> / mean time. ResNet18 images/s, serial vs parallel,
/// in its own category.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class BatchInferenceBenchmark
{
    private const int ImageCount = 16;

    private readonly InferenceOptions _options = new() { IntraOpThreads = 1 };
    private OnnxModel _tipModel = null!;
    private OnnxModel _resnet = null!;
    private IReadOnlyList<string> _shards = [];
    private PixelBuffer[] _images = [];
    private GpuRayRuntime _ray = null!;

    /// <summary>Rows in all shards, printed once, for rows/s.</summary>
    public long TotalRows { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        // Generated once and cached across runs by the manifest in the folder.
        string folder = Path.Combine(Path.GetTempPath(), "gpuray-bench", "taxi-default");
        TaxiDataSet data = TaxiShardGenerator.EnsureShardsAsync(folder).GetAwaiter().GetResult();
        _shards = data.ShardPaths;
        TotalRows = data.TotalRows;
        _tipModel = TipModel.Default.ToOnnxModel();
        _resnet = ResNet18Featurizer.LoadModel();

        var random = new Random(42);
        _images = Enumerable.Range(0, ImageCount).Select(_ =>
        {
            var pixels = new byte[640 * 480 * 4];
            random.NextBytes(pixels);
            return new PixelBuffer(pixels, 640, 480);
        }).ToArray();

        // Warm both sessions so that session creation is not measured.
        BatchInference.PredictShard(_tipModel, _shards[0], _options);
        ResNet18Featurizer.FeaturizeBatch(_resnet, _images[..1], _options);
        _ray = GpuRayRuntime.Start();
        Console.WriteLine($"// {_shards.Count} shards, {TotalRows:N0} rows; {ImageCount} images of 640x480");
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Tabular")]
    public long DirectSessionAllCores()
    {
        long rows = 0;
        Parallel.ForEach(
            _shards,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            shard => Interlocked.Add(ref rows, BatchInference.PredictShard(_tipModel, shard, _options).Rows));
        return rows;
    }

    [GlobalCleanup]
    public void Cleanup() => _ray.Dispose();

    /// <summary>One GpuRay task per shard, the model Put once: the tutorial's way. Goal: under 5% over the baseline.</summary>
    [Benchmark]
    [BenchmarkCategory("Tabular")]
    public long GpuRayTaskPerShard() =>
        BatchInferenceTasks.RunParallel(_ray, _tipModel, _shards, _options).Sum(o => o.Prediction!.Rows);

    [Benchmark]
    [BenchmarkCategory("Tabular")]
    public long DirectSessionSerial()
    {
        long rows = 0;
        foreach (string shard in _shards)
        {
            rows += BatchInference.PredictShard(_tipModel, shard, _options).Rows;
        }

        return rows;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("ResNet18")]
    public int ResNet18ParallelBatches()
    {
        int done = 0;
        Parallel.ForEach(
            _images.Chunk(4),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            batch => Interlocked.Add(ref done, ResNet18Featurizer.FeaturizeBatch(_resnet, batch, _options).Length));
        return done;
    }

    /// <summary>One GpuRay task per batch of 4 images, the model Put once.</summary>
    [Benchmark]
    [BenchmarkCategory("ResNet18")]
    public int ResNet18GpuRayTasks() => FeaturizeTasks.FeaturizeParallel(_ray, _resnet, _images, batchSize: 4, _options).Length;

    [Benchmark]
    [BenchmarkCategory("ResNet18")]
    public int ResNet18Serial() => ResNet18Featurizer.FeaturizeBatch(_resnet, _images, _options).Length;
}
