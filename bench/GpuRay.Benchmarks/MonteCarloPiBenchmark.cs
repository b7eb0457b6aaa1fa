using BenchmarkDotNet.Attributes;
using GpuRay.Gpu;
using GpuRay.Runtime;
using GpuRay.Workloads.MonteCarloPi;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace GpuRay.Benchmarks;

/// <summary>
/// Monte Carlo pi as the tutorial runs it: one task per core, each counting its own samples. The scalar path
/// in a plain Parallel.For is the baseline; the target is the SIMD path at 8x or more. The SIMD paths use
/// AVX-512 where the machine has it; <see cref="Avx2ParallelFor"/> holds them to AVX2 to show what a machine
/// without AVX-512 gets. The ILGPU CPU accelerator runs the GPU kernel with its own threads (on a machine with no
/// GPU, what GPU tasks fall back to).
/// </summary>
[MemoryDiagnoser]
public class MonteCarloPiBenchmark
{
    private const ulong Seed = MonteCarloPiWorkload.DefaultSeed;

    private readonly int _tasks = Environment.ProcessorCount;
    private Context? _context;
    private Accelerator? _accelerator;
    private GpuRayRuntime? _ray;

    /// <summary>Gets or sets the samples per task (the tutorial's 10,000,000).</summary>
    [Params(MonteCarloPiWorkload.TutorialSamplesPerTask)]
    public long SamplesPerTask { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _context = Context.Create(builder => builder.CPU());
        _accelerator = _context.CreateCPUAccelerator(0);

        // The first call compiles the kernel; keep that out of the measurements.
        _ = MonteCarloPiWorkload.CountHitsOnGpu(_accelerator, 1 << 12, 0, Seed);
        _ray = GpuRayRuntime.Start(new RuntimeOptions().UseGpus(new GpuOptions { Device = "cpu" }));
        _ = MonteCarloPiTasks.RunOnGpu(_ray, 1, 1 << 12, Seed);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ray?.Dispose();
        _accelerator?.Dispose();
        _context?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public long ScalarParallelFor()
    {
        return InParallel(static (samples, task) => MonteCarloPiWorkload.CountHitsScalar(samples, task, Seed));
    }

    [Benchmark]
    public long SimdParallelFor()
    {
        return InParallel(static (samples, task) => MonteCarloPiWorkload.CountHits(samples, task, Seed));
    }

    /// <summary>The SIMD path held to AVX2 (eight lanes), as on a machine without AVX-512.</summary>
    [Benchmark]
    public long Avx2ParallelFor()
    {
        PiVectorWidth width = PiSimdCounter.IsSupported(PiVectorWidth.Vector256) ? PiVectorWidth.Vector256 : PiSimdCounter.Widest;
        return InParallel((samples, task) => PiSimdCounter.CountRange(PiRandom.TaskKey(Seed, task), 0, samples, width));
    }

    /// <summary>The SIMD path on one thread: the serial run the parallel ones are compared with.</summary>
    [Benchmark]
    public long SimdSerial() => MonteCarloPiTasks.RunSerial(_tasks, SamplesPerTask, Seed).Hits;

    /// <summary>The SIMD path as one GpuRay remote task per core.</summary>
    [Benchmark]
    public long SimdGpuRayTasks() => MonteCarloPiTasks.RunParallel(_ray!, _tasks, SamplesPerTask, Seed).Hits;

    /// <summary>The kernel as GpuRay GPU tasks (a quarter device each) on the CPU fallback device.</summary>
    [Benchmark]
    public long KernelGpuRayGpuTasks() => MonteCarloPiTasks.RunOnGpu(_ray!, _tasks, SamplesPerTask, Seed).Hits;

    [Benchmark]
    public long IlgpuCpuAccelerator()
    {
        Accelerator accelerator = _accelerator!;
        long hits = 0;
        for (int task = 0; task < _tasks; task++)
        {
            hits += MonteCarloPiWorkload.CountHitsOnGpu(accelerator, SamplesPerTask, task, Seed);
        }

        return hits;
    }

    private long InParallel(Func<long, int, long> count)
    {
        long hits = 0;
        long samples = SamplesPerTask;
        Parallel.For(
            0,
            _tasks,
            new ParallelOptions { MaxDegreeOfParallelism = _tasks },
            task => Interlocked.Add(ref hits, count(samples, task)));
        return hits;
    }
}
