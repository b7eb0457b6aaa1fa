using BenchmarkDotNet.Attributes;

using GpuRay.Functions;
using GpuRay.Objects;
using GpuRay.Runtime;

namespace GpuRay.Benchmarks;

/// <summary>
/// One million tasks queued behind a busy node (one CPU, held by a gated task), then released: all must complete.
/// Reports the heap each queued task keeps (RetainedBytesPerTask, printed) and what each allocates (Allocated
/// column). Goal: under 1 KiB per queued task. Baseline: a million <c>Task.Run</c> items.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class QueuedTasksBenchmark
{
    private const int Tasks = 1_000_000;

    [Benchmark(Baseline = true, OperationsPerInvoke = Tasks)]
    public int TaskRunQueued()
    {
        var tasks = new Task<int>[Tasks];
        for (int i = 0; i < tasks.Length; i++)
        {
            tasks[i] = Task.Run(static () => 1);
        }

        Task.WaitAll(tasks);
        return tasks.Length;
    }

    [Benchmark(OperationsPerInvoke = Tasks)]
    public long GpuRayQueued()
    {
        using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 1, SmallTaskSampleSize = int.MaxValue });
        var gate = new ManualResetEventSlim();
        ObjectRef<int> blocker = ray.Remote(() => gate.Wait(Timeout.Infinite) ? 0 : 0, name: "gate").Remote();
        RemoteFunction<int> one = ray.Remote(() => 1, name: "one");

        long before = GC.GetTotalMemory(forceFullCollection: true);
        var refs = new ObjectRef<int>[Tasks];
        for (int i = 0; i < refs.Length; i++)
        {
            refs[i] = one.Remote();
        }

        long retained = GC.GetTotalMemory(forceFullCollection: true) - before - ((long)Tasks * IntPtr.Size);
        Console.WriteLine($"// RetainedBytesPerTask: {retained / (double)Tasks:0.0}");
        gate.Set();
        int[] values = ray.Get(refs);
        ray.Get(blocker);
        return values.Sum();
    }
}
