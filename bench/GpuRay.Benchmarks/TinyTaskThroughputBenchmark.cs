using BenchmarkDotNet.Attributes;

using GpuRay.Functions;
using GpuRay.Objects;
using GpuRay.Runtime;

namespace GpuRay.Benchmarks;

/// <summary>
/// Submit and complete one million no-op tasks: GpuRay remote tasks against raw <c>Task.Run</c>.
/// Goal: at least 0.5x Task.Run's throughput (Ratio at most 2).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15, invocationCount: 1)]
public class TinyTaskThroughputBenchmark
{
    private const int Tasks = 1_000_000;
    private GpuRayRuntime _ray = null!;
    private RemoteFunction<int> _noop = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The warning about tiny tasks is the point of this benchmark, not news.
        _ray = GpuRayRuntime.Start(new RuntimeOptions { SmallTaskSampleSize = int.MaxValue });
        _noop = _ray.Remote(() => 0, name: "noop");
    }

    [GlobalCleanup]
    public void Cleanup() => _ray.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Tasks)]
    public int TaskRun()
    {
        var tasks = new Task<int>[Tasks];
        for (int i = 0; i < tasks.Length; i++)
        {
            tasks[i] = Task.Run(static () => 0);
        }

        Task.WaitAll(tasks);
        return tasks.Length;
    }

    [Benchmark(OperationsPerInvoke = Tasks)]
    public int GpuRayRemote()
    {
        var refs = new ObjectRef<int>[Tasks];
        for (int i = 0; i < refs.Length; i++)
        {
            refs[i] = _noop.Remote();
        }

        return _ray.Get(refs).Length;
    }
}
