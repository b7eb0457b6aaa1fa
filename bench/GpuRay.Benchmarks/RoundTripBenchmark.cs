using BenchmarkDotNet.Attributes;

using GpuRay.Functions;
using GpuRay.Runtime;

namespace GpuRay.Benchmarks;

/// <summary>
/// Submit one trivial task and block for its result, one at a time: the synchronous round trip. Goal: 10 us p50
/// (the Median column) or better. Baseline: <c>Task.Run(...).Result</c>.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class RoundTripBenchmark
{
    private GpuRayRuntime _ray = null!;
    private RemoteFunction<int, int> _increment = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ray = GpuRayRuntime.Start(new RuntimeOptions { SmallTaskSampleSize = int.MaxValue });
        _increment = _ray.Remote((int x) => x + 1, name: "increment");
    }

    [GlobalCleanup]
    public void Cleanup() => _ray.Dispose();

    [Benchmark(Baseline = true)]
    public int TaskRunResult() => Task.Run(static () => 1).Result;

    [Benchmark]
    public int GpuRayGet() => _ray.Get(_increment.Remote(0));
}
