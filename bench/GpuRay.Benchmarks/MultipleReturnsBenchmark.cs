using BenchmarkDotNet.Attributes;

using GpuRay.Functions;
using GpuRay.Objects;
using GpuRay.Runtime;

namespace GpuRay.Benchmarks;

/// <summary>
/// What several returns cost: 10,000 tasks whose result is a 4-tuple, gathered with one Get. Baseline: one ref per
/// task for the whole tuple (<c>Remote</c>). Against it: four refs per task (<c>RemoteMany</c>), all 40,000 gathered
/// with one Get. Goal: at most 1.5x the baseline's time.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class MultipleReturnsBenchmark
{
    private const int Tasks = 10_000;
    private GpuRayRuntime _ray = null!;
    private RemoteFunction<int, (int, int, int, int)> _quad = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ray = GpuRayRuntime.Start(new RuntimeOptions { SmallTaskSampleSize = int.MaxValue });
        _quad = _ray.Remote((int x) => (x, x + 1, x + 2, x + 3), name: "quad");
    }

    [GlobalCleanup]
    public void Cleanup() => _ray.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Tasks)]
    public int OneTupleRef()
    {
        var refs = new ObjectRef<(int, int, int, int)>[Tasks];
        for (int i = 0; i < refs.Length; i++)
        {
            refs[i] = _quad.Remote(i);
        }

        return _ray.Get(refs).Length;
    }

    [Benchmark(OperationsPerInvoke = Tasks)]
    public int FourRefs()
    {
        var refs = new ObjectRef<int>[Tasks * 4];
        for (int i = 0; i < Tasks; i++)
        {
            (refs[4 * i], refs[(4 * i) + 1], refs[(4 * i) + 2], refs[(4 * i) + 3]) = _quad.RemoteMany(i);
        }

        return _ray.Get(refs).Length;
    }
}
