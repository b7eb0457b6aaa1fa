using GpuRay.Workloads.MonteCarloPi;

namespace GpuRay.Workloads.Tests.MonteCarloPi;

public sealed class PiEstimateTests
{
    [Test]
    public void Value_785HitsOf1000_Is314()
    {
        Assert.That(new PiEstimate(785, 1000).Value, Is.EqualTo(3.14).Within(1e-12));
    }

    [Test]
    public void StandardError_785HitsOf1000_IsFourTimesBinomialError()
    {
        Assert.That(new PiEstimate(785, 1000).StandardError, Is.EqualTo(4 * Math.Sqrt(0.785 * 0.215 / 1000)).Within(1e-12));
    }

    [Test]
    public void ToString_Estimate_PrintsValuePlusMinusErrorInvariantly()
    {
        Assert.That(new PiEstimate(785, 1000).ToString(), Is.EqualTo("3.14000 ± 0.05197"));
    }

    [Test]
    public void StandardErrorsFrom_TwoErrorsAway_ReturnsTwo()
    {
        var estimate = new PiEstimate(785, 1000);

        Assert.That(estimate.StandardErrorsFrom(estimate.Value + (2 * estimate.StandardError)), Is.EqualTo(2).Within(1e-9));
    }

    [Test]
    public void Constructor_HitsAboveSamples_ThrowsArgumentOutOfRangeNamingHits()
    {
        Assert.That(
            () => new PiEstimate(11, 10),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("hits"));
    }

    [Test]
    public void Constructor_ZeroSamples_ThrowsArgumentOutOfRangeNamingSamples()
    {
        Assert.That(
            () => new PiEstimate(0, 0),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("samples"));
    }
}
