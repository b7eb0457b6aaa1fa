using BenchmarkDotNet.Attributes;

using GpuRay.Functions;
using GpuRay.Options;
using GpuRay.Runtime;
using GpuRay.Workers;

namespace GpuRay.Benchmarks;

/// <summary>
/// The cost of running a trivial task in a worker process (<see cref="TaskIsolation.Process"/>) instead of on a thread
/// of this process: submit, run, and block for the result, one at a time. Baseline: the same task in this process.
/// It tells when process isolation pays: for tasks that run much longer than this round trip. The recycled case
/// (<see cref="TaskOptions.MaxCalls"/> = 1, back to back) prices a worker start per call: the replacement the pool
/// starts in the background is not ready yet when the next call comes at once. The large-argument cases pass an array
/// of 200,000 ints (800 KB, 1.3 MB of JSON): by value, it is sent with every call; as a Put ref, the worker keeps it
/// after the first call, and later calls name it by id; a new Put ref each call prices a ref's first trip. The large
/// result case returns such an array. Each of them runs twice: through shared memory (the default), and as JSON over
/// the pipe (<c>...Json</c>, shared memory off), as before shared memory.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class WorkerRoundTripBenchmark
{
    private GpuRayRuntime _ray = null!;
    private RemoteFunction<int, int> _inProcess = null!;
    private RemoteFunction<int, int> _inWorker = null!;
    private RemoteFunction<int, int> _recycled = null!;
    private RemoteFunction<int[], long> _sum = null!;
    private RemoteFunction<int, int[]> _range = null!;
    private int[] _numbers = null!;
    private Objects.ObjectRef<int[]> _numbersRef = null!;

    /// <summary>The cases that pass large values as JSON over the pipe: shared memory off, as before it existed.</summary>
    [GlobalSetup(Targets = [nameof(InWorkerLargeValueArgumentJson), nameof(InWorkerLargeRefArgumentJson), nameof(InWorkerLargeRefArgumentFirstCallJson), nameof(InWorkerLargeResultJson)])]
    public void SetupJson()
    {
        WorkerProcess.SharedMinBytes = int.MaxValue;
        Setup();
    }

    [GlobalSetup]
    public void Setup()
    {
        _ray = GpuRayRuntime.Start(new RuntimeOptions { SmallTaskSampleSize = int.MaxValue });
        _inProcess = _ray.Remote((int x) => x + 1, name: "increment");
        _inWorker = _inProcess.WithOptions(new TaskOptions { Isolation = TaskIsolation.Process });
        _recycled = _inProcess.WithOptions(new TaskOptions { Isolation = TaskIsolation.Process, MaxCalls = 1 });
        _sum = _ray.Remote<int[], long>(Sum, name: "sum", options: new TaskOptions { Isolation = TaskIsolation.Process });
        _range = _ray.Remote<int, int[]>(Range, name: "range", options: new TaskOptions { Isolation = TaskIsolation.Process });
        _numbers = Enumerable.Range(0, 200_000).ToArray();
        _numbersRef = _ray.Put(_numbers);
        _ray.PrestartWorkersAsync(1).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ray.Dispose();
        WorkerProcess.SharedMinBytes = 64 * 1024;
    }

    [Benchmark(Baseline = true)]
    public int InProcess() => _ray.Get(_inProcess.Remote(0));

    [Benchmark]
    public int InWorkerProcess() => _ray.Get(_inWorker.Remote(0));

    [Benchmark]
    public int InWorkerRecycledEachCall() => _ray.Get(_recycled.Remote(0));

    [Benchmark]
    public long InWorkerLargeValueArgument() => _ray.Get(_sum.Remote(_numbers));

    [Benchmark]
    public long InWorkerLargeRefArgument() => _ray.Get(_sum.Remote(_numbersRef));

    [Benchmark]
    public long InWorkerLargeRefArgumentFirstCall() => _ray.Get(_sum.Remote(_ray.Put(_numbers)));

    [Benchmark]
    public int InWorkerLargeResult() => _ray.Get(_range.Remote(200_000)).Length;

    [Benchmark]
    public long InWorkerLargeValueArgumentJson() => InWorkerLargeValueArgument();

    [Benchmark]
    public long InWorkerLargeRefArgumentJson() => InWorkerLargeRefArgument();

    [Benchmark]
    public long InWorkerLargeRefArgumentFirstCallJson() => InWorkerLargeRefArgumentFirstCall();

    [Benchmark]
    public int InWorkerLargeResultJson() => InWorkerLargeResult();

    private static int[] Range(int count) => Enumerable.Range(0, count).ToArray();

    private static long Sum(int[] numbers)
    {
        long total = 0;
        foreach (int n in numbers)
        {
            total += n;
        }

        return total;
    }
}
