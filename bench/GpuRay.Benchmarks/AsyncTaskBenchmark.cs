using BenchmarkDotNet.Attributes;

using GpuRay.Functions;
using GpuRay.Runtime;

namespace GpuRay.Benchmarks;

/// <summary>
/// What an async remote function costs per task: 10,000 tasks submitted together and gathered with one Get. Baseline:
/// the same work as a synchronous remote function. The async body awaits once (<c>Task.Yield</c>): its continuation is
/// posted to the task's own context and run on the task's thread. That prices the pump and one continuation, not an
/// idle wait (which adds a thread wake-up). For the record; async functions pay off for tasks that await I/O or other
/// tasks, not for tiny ones.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class AsyncTaskBenchmark
{
    private const int Tasks = 10_000;
    private GpuRayRuntime _ray = null!;
    private RemoteFunction<int, int> _sync = null!;
    private RemoteFunction<int, int> _async = null!;
    private RemoteFunction<int, int> _asyncNoAwait = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ray = GpuRayRuntime.Start(new RuntimeOptions { SmallTaskSampleSize = int.MaxValue });
        _sync = _ray.Remote((int x) => x + 1, name: "sync");
        _async = _ray.RemoteAsync(
            async (int x) =>
            {
                await Task.Yield();
                return x + 1;
            },
            name: "async-yield");
        _asyncNoAwait = _ray.RemoteAsync((int x) => Task.FromResult(x + 1), name: "async-completed");
    }

    [GlobalCleanup]
    public void Cleanup() => _ray.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Tasks)]
    public int Sync() => Run(_sync);

    [Benchmark(OperationsPerInvoke = Tasks)]
    public int AsyncCompletedTask() => Run(_asyncNoAwait);

    [Benchmark(OperationsPerInvoke = Tasks)]
    public int AsyncOneAwait() => Run(_async);

    private int Run(RemoteFunction<int, int> function)
    {
        var refs = new Objects.ObjectRef<int>[Tasks];
        for (int i = 0; i < refs.Length; i++)
        {
            refs[i] = function.Remote(i);
        }

        return _ray.Get(refs).Length;
    }
}
