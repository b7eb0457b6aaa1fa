using BenchmarkDotNet.Attributes;
using GpuRay.Workloads.Fibonacci;

namespace GpuRay.Benchmarks;

/// <summary>
/// Fibonacci as the tutorial runs it: one sequence of 100,000 numbers per core, serially (the baseline) and in
/// a Parallel.For over the cores, and as one GpuRay remote task per core. Parallel efficiency is
/// 1 / (Ratio x cores); the target is 0.9.
/// </summary>
[MemoryDiagnoser]
public class FibonacciBenchmark
{
    private readonly int _tasks = Environment.ProcessorCount;
    private GpuRayRuntime _ray = null!;

    [GlobalSetup]
    public void Setup() => _ray = GpuRayRuntime.Start();

    [GlobalCleanup]
    public void Cleanup() => _ray.Dispose();

    [Benchmark]
    public long GpuRayTasks() => FibonacciTasks.RunParallel(_ray, _tasks, SequenceSize).Sum();

    /// <summary>Gets or sets the numbers per sequence (the tutorial's 100,000).</summary>
    [Params(FibonacciWorkload.TutorialSequenceSize)]
    public int SequenceSize { get; set; }

    [Benchmark(Baseline = true)]
    public long Serial()
    {
        return FibonacciWorkload.GenerateSerial(SequenceSize, _tasks);
    }

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
}
