using BenchmarkDotNet.Attributes;

using GpuRay.Functions;
using GpuRay.Objects;
using GpuRay.Runtime;
using GpuRay.State;

namespace GpuRay.Benchmarks;

/// <summary>
/// The state API over 100,000 ended tasks kept by the timeline (and none live): every task, one function's newest
/// 100, and the summary. Baseline: <c>Timeline.Snapshot()</c>, which reads the same ring into events.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class StateApiBenchmark
{
    private const int Tasks = 100_000;
    private GpuRayRuntime _ray = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ray = GpuRayRuntime.Start(new RuntimeOptions { SmallTaskSampleSize = int.MaxValue, TimelineCapacity = 1 << 17 });
        RemoteFunction<int> even = _ray.Remote(() => 0, name: "even");
        RemoteFunction<int> odd = _ray.Remote(() => 1, name: "odd");
        var refs = new ObjectRef<int>[Tasks];
        for (int i = 0; i < refs.Length; i++)
        {
            refs[i] = i % 2 == 0 ? even.Remote() : odd.Remote();
        }

        _ray.Get(refs);
    }

    [GlobalCleanup]
    public void Cleanup() => _ray.Dispose();

    [Benchmark(Baseline = true)]
    public int TimelineSnapshot() => _ray.Timeline.Snapshot().Count;

    [Benchmark]
    public int ListAllTasks() => _ray.State.ListTasks().Count;

    [Benchmark]
    public int ListNewestOfOneFunction() => _ray.State.ListTasks(new TaskFilter { Name = "odd", Limit = 100 }).Count;

    [Benchmark]
    public int SummarizeTasks() => _ray.State.SummarizeTasks().Count;
}
