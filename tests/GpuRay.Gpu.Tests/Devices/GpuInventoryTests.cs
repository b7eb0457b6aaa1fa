using GpuRay.Errors;

namespace GpuRay.Gpu.Tests.Devices;

public sealed class GpuInventoryTests
{
    [Test]
    public void Discover_CpuForced_ListsOneFallback()
    {
        IReadOnlyList<GpuDeviceInfo> devices = GpuInventory.Discover(new GpuOptions { Device = "cpu", FallbackMemoryBytes = 123_456 });

        Assert.That(devices, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(devices[0].Index, Is.Zero);
            Assert.That(devices[0].Kind, Is.EqualTo(GpuDeviceKind.CpuFallback));
            Assert.That(devices[0].IsFallback, Is.True);
            Assert.That(devices[0].MemoryBytes, Is.EqualTo(123_456));
            Assert.That(devices[0].Name, Does.Contain("CPU fallback"));
        });
    }

    [Test]
    public void Discover_FallbackMemoryUnset_AtMostTwoGiB()
    {
        IReadOnlyList<GpuDeviceInfo> devices = GpuInventory.Discover(new GpuOptions { Device = "cpu" });

        long quarter = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4;
        Assert.That(devices[0].MemoryBytes, Is.EqualTo(Math.Min(2L << 30, quarter)));
    }

    [Test]
    public void Discover_FallbackMemoryZero_ThrowsListingValidValues()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => GpuInventory.Discover(new GpuOptions { Device = "cpu", FallbackMemoryBytes = 0 }));
        Assert.That(error.Message, Does.Contain("FallbackMemoryBytes").And.Contain("> 0"));
    }

    [Test]
    public void Discover_CpuForcedWithFallbackOff_Throws()
    {
        var error = Assert.Throws<GpuRayException>(() => GpuInventory.Discover(new GpuOptions { Device = "cpu", CpuFallback = false }));
        Assert.That(error.Message, Does.Contain("CpuFallback is false"));
    }

    [Test]
    public void Discover_UnknownDevice_ThrowsListingValidValues()
    {
        var error = Assert.Throws<ArgumentException>(() => GpuInventory.Discover(new GpuOptions { Device = "gpu" }));
        Assert.That(error.Message, Does.Contain("'gpu'").And.Contain("auto, cuda, opencl, cpu"));
    }

    [Test]
    public void Discover_AutoWithoutGpus_FallsBackToCpu()
    {
        IReadOnlyList<GpuDeviceInfo> devices = GpuInventory.Discover(new GpuOptions { Device = "auto" });
        if (!devices[0].IsFallback)
        {
            Assert.Ignore($"this machine has a GPU: {devices[0].Name}");
        }

        Assert.That(devices.Select(d => d.Kind), Is.EqualTo(new[] { GpuDeviceKind.CpuFallback }));
    }

    [Test]
    public void Discover_AutoWithoutGpusAndFallbackOff_ListsNothing()
    {
        if (!GpuInventory.Discover(new GpuOptions { Device = "auto" })[0].IsFallback)
        {
            Assert.Ignore("this machine has a GPU");
        }

        Assert.That(GpuInventory.Discover(new GpuOptions { Device = "auto", CpuFallback = false }), Is.Empty);
    }

    [Test]
    public void Discover_CudaForcedWithoutCuda_ThrowsSayingNoneFound()
    {
        if (!GpuInventory.Discover(new GpuOptions { Device = "auto" })[0].IsFallback)
        {
            Assert.Ignore("this machine has a GPU");
        }

        var error = Assert.Throws<GpuRayException>(() => GpuInventory.Discover(new GpuOptions { Device = "cuda" }));
        Assert.That(error.Message, Does.Contain("'cuda'").And.Contain("none was found").And.Contain("auto"));
    }
}
