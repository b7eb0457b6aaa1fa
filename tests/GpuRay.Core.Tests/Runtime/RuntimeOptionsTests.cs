using GpuRay.Options;
using GpuRay.Runtime;

namespace GpuRay.Core.Tests.Runtime;

/// <summary>A node's amounts follow the same rule as a task's (<see cref="TaskOptions"/>).</summary>
public sealed class RuntimeOptionsTests
{
    [Test]
    public void Start_NumCpusBelowTheResourceStep_IsRefusedNamingOptionAndValue()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 1e-5 }))!;

        Assert.That(error.Message, Does.Contain("RuntimeOptions.NumCpus: 1E-05 (below the 0.0001 step)"));
    }

    [Test]
    public void TaskOptions_NumCpusBelowTheResourceStep_IsRefusedWithTheSameRule()
    {
        var error = Assert.Throws<ArgumentException>(() => TaskOptions.FromKeywords(new Dictionary<string, object?> { ["num_cpus"] = 1e-5 }).Validate())!;

        Assert.That(error.Message, Does.Contain("1E-05 (below the 0.0001 step)"));
    }

    [Test]
    public void Start_CustomResourceBelowTheResourceStep_IsRefusedNamingItAndItsAmount()
    {
        var options = new RuntimeOptions { NumCpus = 1, Resources = new Dictionary<string, double> { ["ssd"] = 0.00001 } };

        var error = Assert.Throws<ArgumentException>(() => GpuRayRuntime.Start(options))!;

        Assert.That(error.Message, Does.Contain("RuntimeOptions.Resources").And.Contain("'ssd' = 1E-05 is below the 0.0001 step"));
    }

    [Test]
    public void Start_NegativeShutdownTimeout_IsRefusedNamingTheOption()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 1, ShutdownTimeout = TimeSpan.FromSeconds(-1) }))!;

        Assert.That(error.Message, Does.Contain("RuntimeOptions.ShutdownTimeout"));
    }
}
