using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

using GpuRay.Functions;
using GpuRay.Objects;
using GpuRay.Runtime;

namespace GpuRay.Benchmarks;

/// <summary>
/// 150 parent tasks, each submitting 8 children of about 80 us of arithmetic and blocking in Get for them, against
/// the same 1,200 children submitted flat from the caller (the baseline). The parents' Get has a timeout, so it cannot
/// run the children inline and each parent holds a pool thread while its CPU runs children (as a parent of GPU
/// tasks does). Each launch is a fresh process (cold thread pool), measured once: a warm pool would hide the
/// threads that blocked parents need. Goal: within 2x of flat, the cost of one more pool thread per blocked parent
/// (measured 1.52x; 309x when blocked parents starved the pool).
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 5, warmupCount: 0, iterationCount: 1)]
public class NestedFanOutBenchmark
{
    private const int Parents = 150;
    private const int Children = 8;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    private GpuRayRuntime _ray = null!;
    private RemoteFunction<int, int> _child = null!;
    private RemoteFunction<int, int> _parent = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = Environment.ProcessorCount, SmallTaskSampleSize = int.MaxValue });
        _child = _ray.Remote((int seed) => Work(seed), name: "child");
        _parent = _ray.Remote(
            (int parent) =>
            {
                var refs = new ObjectRef<int>[Children];
                for (int i = 0; i < Children; i++)
                {
                    refs[i] = _child.Remote(parent * Children + i);
                }

                return _ray.Get(refs, Timeout).Sum();
            },
            name: "parent");
    }

    [GlobalCleanup]
    public void Cleanup() => _ray.Dispose();

    [Benchmark(Baseline = true)]
    public int Flat()
    {
        var refs = new ObjectRef<int>[Parents * Children];
        for (int i = 0; i < refs.Length; i++)
        {
            refs[i] = _child.Remote(i);
        }

        return _ray.Get(refs, Timeout).Sum();
    }

    [Benchmark]
    public int NestedBlockingParents()
    {
        var refs = new ObjectRef<int>[Parents];
        for (int p = 0; p < Parents; p++)
        {
            refs[p] = _parent.Remote(p);
        }

        return _ray.Get(refs, Timeout).Sum();
    }

    private static int Work(int seed)
    {
        double sum = seed;
        for (int i = 1; i < 2_000; i++)
        {
            sum += Math.Sqrt(i + sum % 7);
        }

        return (int)(sum % 1000);
    }
}
