using GpuRay.Runtime;

namespace GpuRay.Gpu.Tests.Devices;

public sealed class DeviceSelectionsTests
{
    [TestCase(null, null, "Auto")]
    [TestCase(null, "", "Auto")]
    [TestCase(null, "cuda", "Cuda")]
    [TestCase(null, " OpenCL ", "OpenCL")]
    [TestCase("cpu", "cuda", "Cpu")]
    [TestCase("AUTO", "cpu", "Auto")]
    public void Resolve_OptionOverEnvironment_PicksExpected(string? option, string? environment, string expected) =>
        Assert.That(DeviceSelections.Resolve(option, environment).ToString(), Is.EqualTo(expected));

    [Test]
    public void Resolve_UnknownOption_ThrowsListingValidValues()
    {
        var error = Assert.Throws<ArgumentException>(() => DeviceSelections.Resolve("tpu", null));
        Assert.That(error.Message, Does.Contain("'tpu'").And.Contain("GpuOptions.Device").And.Contain("auto, cuda, opencl, cpu"));
    }

    [Test]
    public void Resolve_UnknownEnvironmentValue_ThrowsNamingTheVariable()
    {
        var error = Assert.Throws<ArgumentException>(() => DeviceSelections.Resolve(null, "vulkan"));
        Assert.That(error.Message, Does.Contain("'vulkan'").And.Contain("GPURAY_DEVICE").And.Contain("auto, cuda, opencl, cpu"));
    }

    [Test]
    public void UseGpus_UnknownDevice_ThrowsBeforeStart()
    {
        var error = Assert.Throws<ArgumentException>(() => new RuntimeOptions().UseGpus(new GpuOptions { Device = "metal" }));
        Assert.That(error.Message, Does.Contain("'metal'").And.Contain("auto, cuda, opencl, cpu"));
    }

    [Test]
    public void UseGpus_Options_ReturnsCopyWithProvider()
    {
        var original = new RuntimeOptions { NumCpus = 3 };

        RuntimeOptions withGpus = original.UseGpus();

        Assert.Multiple(() =>
        {
            Assert.That(original.DeviceProvider, Is.Null);
            Assert.That(withGpus.DeviceProvider, Is.Not.Null);
            Assert.That(withGpus.NumCpus, Is.EqualTo(3));
        });
    }
}
