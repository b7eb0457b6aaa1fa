using BenchmarkDotNet.Attributes;
using GpuRay.Options;
using GpuRay.Workloads.Fibonacci;

namespace GpuRay.Benchmarks;

/// <summary>
/// Fibonacci as the tutorial runs it: one sequence of 100,000 numbers per core, serially (the baseline), in a
/// Parallel.For over the cores, as one GpuRay remote task per core on threads of this process, and as one task per
/// core in worker processes (<see cref="TaskIsolation.Process"/>, as Ray runs tasks).
/// </summary>
/// <remarks>
/// In-process efficiency is 1 / (Ratio x cores). The worker processes run under their own runtime settings (the
/// workstation GC), so their baseline is <see cref="SerialInOneWorker"/>, the same sequences one after another in one
/// worker: their efficiency is Ratio(SerialInOneWorker) / (Ratio(WorkerProcesses) x cores). The target is 0.9.
/// </remarks>
[MemoryDiagnoser]
public class FibonacciBenchmark
{
    private readonly int _tasks = Environment.ProcessorCount;
    private GpuRayRuntime _ray = null!;

    /// <summary>Gets or sets the numbers per sequence (the tutorial's 100,000).</summary>
    [Params(FibonacciWorkload.TutorialSequenceSize)]
    public int SequenceSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ray = GpuRayRuntime.Start();

        // As Ray starts its workers with the node: no run below waits for a process to start.
        _ray.PrestartWorkersAsync(_tasks).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _ray.Dispose();

    [Benchmark(Baseline = true)]
    public long Serial() => FibonacciWorkload.GenerateSerial(SequenceSize, _tasks);

    [Benchmark]
    public long ParallelFor()
    {
        long total = 0;
        int size = SequenceSize;
        Parallel.For(
            0,
            _tasks,
            new ParallelOptions { MaxDegreeOfParallelism = _tasks },
            _ => Interlocked.Add(ref total, FibonacciWorkload.Generate(size)));
        return total;
    }

    [Benchmark]
    public long GpuRayTasks() => FibonacciTasks.RunParallel(_ray, _tasks, SequenceSize).Sum();

    [Benchmark]
    public long SerialInOneWorker() => FibonacciTasks.RunSerialInWorker(_ray, _tasks, SequenceSize);

    [Benchmark]
    public long WorkerProcesses() => FibonacciTasks.RunParallel(_ray, _tasks, SequenceSize, isolation: TaskIsolation.Process).Sum();
}
