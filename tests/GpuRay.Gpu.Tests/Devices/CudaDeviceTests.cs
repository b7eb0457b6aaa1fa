using GpuRay.Errors;
using GpuRay.Options;

using ILGPU;
using ILGPU.Runtime;

namespace GpuRay.Gpu.Tests.Devices;

/// <summary>The same paths on a real CUDA device; Ignored where there is none.</summary>
[Category("Cuda")]
public sealed class CudaDeviceTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(120);
    private static readonly GpuOptions Cuda = new() { Device = "cuda" };

    [SetUp]
    public void RequireCuda()
    {
        try
        {
            _ = GpuInventory.Discover(Cuda);
        }
        catch (GpuRayException)
        {
            Assert.Ignore("no CUDA device");
        }
    }

    [Test]
    public void Discover_CudaForced_ListsCudaDevicesWithMemory()
    {
        IReadOnlyList<GpuDeviceInfo> devices = GpuInventory.Discover(Cuda);

        Assert.That(devices, Is.Not.Empty);
        Assert.That(devices, Is.All.Matches<GpuDeviceInfo>(d => d!.Kind == GpuDeviceKind.Cuda && !d.IsFallback && d.MemoryBytes > 0));
        Assert.That(devices.Select(d => d.Index), Is.EqualTo(Enumerable.Range(0, devices.Count)));
    }

    [Test]
    public void LoadKernel_ConcurrentFractionalTasksOnCuda_EachGetsItsOwnResult()
    {
        using GpuRayRuntime ray = GpuTestRuntime.Start(Cuda, cpus: 8);
        var add = ray.Remote<int, int[]>(
            value =>
            {
                GpuContext gpu = GpuContext.Current;
                MemoryBuffer1D<int, Stride1D.Dense> buffer = gpu.Allocate1D(new int[1024]);
                gpu.LoadKernel<Index1D, ArrayView<int>, int>(TestKernels.AddConstant)((int)buffer.Length, buffer.View, value);
                gpu.Synchronize();
                return buffer.GetAsArray1D(gpu.Stream);
            },
            "cuda-add",
            new TaskOptions { NumGpus = 0.25, NumCpus = 0.25 });

        int[][] results = ray.Get(Enumerable.Range(1, 16).Select(v => add.Remote(v)), Guard);

        for (int v = 1; v <= 16; v++)
        {
            Assert.That(results[v - 1], Is.All.EqualTo(v), $"task {v}");
        }
    }

    /// <summary>
    /// CUDA's illegal address is permanent for the process: the device is lost and out of service, so a later GPU task
    /// on this one-GPU node is refused as infeasible, naming the loss, and CPU tasks go on. It poisons CUDA for the rest of the process, so the device
    /// check runs this category alone, after the others.
    /// </summary>
    [Test]
    [Category("CudaProcessFault")]
    public void LoadKernel_IllegalAddressOnCuda_FailsNamingKernelThenDeviceIsLostAndCpuTasksRun()
    {
        using GpuRayRuntime ray = GpuTestRuntime.Start(Cuda);
        var bad = ray.Remote(
            () =>
            {
                GpuContext gpu = GpuContext.Current;
                MemoryBuffer1D<int, Stride1D.Dense> buffer = gpu.Allocate1D<int>(4);
                gpu.LoadKernel<Index1D, ArrayView<int>>(TestKernels.WriteOutOfBounds)(4, buffer.View);
                gpu.Synchronize();
                return 0;
            },
            "illegal-address",
            new TaskOptions { NumGpus = 1, MaxRetries = 0 });
        var after = GpuTestRuntime.AddOneTask(ray, "after-fault");
        var cpu = ray.Remote(() => 42, "cpu-after-fault");

        var failure = Assert.Throws<TaskFailedException>(() => ray.Get(bad.Remote(), Guard));
        var refused = Assert.Throws<InfeasibleTaskException>(() => after.Remote());
        Assert.Multiple(() =>
        {
            Assert.That(failure!.InnerException, Is.TypeOf<GpuTaskException>().With.Property(nameof(GpuTaskException.KernelName)).EqualTo("TestKernels.WriteOutOfBounds"));
            Assert.That(failure.InnerException!.Message, Does.Contain("CUDA_ERROR_ILLEGAL_ADDRESS").And.Contain("lost"));
            Assert.That(refused!.Lost, Does.Contain("GPU 0 was lost").And.Contain("TestKernels.WriteOutOfBounds").And.Contain("illegal-address"));
            Assert.That(ray.ClusterResources()["GPU"], Is.Zero, "the lost GPU is out of the totals");
            Assert.That(ray.Get(cpu.Remote(), Guard), Is.EqualTo(42));
        });
    }
}
