using BenchmarkDotNet.Attributes;

using GpuRay.Functions;
using GpuRay.Gpu;
using GpuRay.Options;
using GpuRay.Runtime;

using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace GpuRay.Benchmarks;

/// <summary>
/// The per-task overhead of a GPU task on the CPU fallback: a trivial kernel (add a constant to 1,024 ints) submitted
/// through the runtime and awaited with Get, against the same allocate/upload/launch/download on an accelerator directly.
/// Goal: Ratio at most 1.2.
/// </summary>
[MemoryDiagnoser]
public class GpuTaskOverheadBenchmark
{
    private const int Length = 1024;

    private static readonly int[] Input = [.. Enumerable.Range(0, Length)];

    private Context _context = null!;
    private Accelerator _accelerator = null!;
    private AcceleratorStream _stream = null!;
    private Action<AcceleratorStream, Index1D, ArrayView<int>, int> _kernel = null!;
    private GpuRayRuntime _ray = null!;
    private RemoteFunction<int, int> _task = null!;

    [GlobalSetup]
    public void Setup()
    {
        _context = Context.Create(b => b.CPU(CPUDeviceKind.Default));
        _accelerator = _context.GetCPUDevice(0).CreateAccelerator(_context);
        _stream = _accelerator.CreateStream();
        _kernel = _accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<int>, int>(AddConstant);

        _ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 1 }.UseGpus(new GpuOptions { Device = "cpu" }));
        _task = _ray.Remote<int, int>(RunInTask, "gpu-add-constant", new TaskOptions { NumGpus = 1 });
        if (Direct() != ThroughRuntime())
        {
            throw new InvalidOperationException("the two paths disagree");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ray.Dispose();
        _stream.Dispose();
        _accelerator.Dispose();
        _context.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int Direct()
    {
        using MemoryBuffer1D<int, Stride1D.Dense> buffer = _accelerator.Allocate1D<int>(Length);
        buffer.View.CopyFromCPU(_stream, Input);
        _kernel(_stream, Length, buffer.View, 1);
        _stream.Synchronize();
        return buffer.GetAsArray1D(_stream)[Length - 1];
    }

    [Benchmark]
    public int ThroughRuntime() => _ray.Get(_task.Remote(1));

    private static int RunInTask(int value)
    {
        GpuContext gpu = GpuContext.Current;
        MemoryBuffer1D<int, Stride1D.Dense> buffer = gpu.Allocate1D(Input);
        gpu.LoadKernel<Index1D, ArrayView<int>, int>(AddConstant)(Length, buffer.View, value);
        gpu.Synchronize();
        return buffer.GetAsArray1D(gpu.Stream)[Length - 1];
    }

    private static void AddConstant(Index1D i, ArrayView<int> data, int value) => data[i] += value;
}
