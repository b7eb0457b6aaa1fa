using System.Globalization;

namespace GpuRay.Workloads.MonteCarloPi;

/// <summary>An estimate of pi from Monte Carlo hits in the unit quarter circle, with its standard error.</summary>
/// <remarks>
/// Sum the hits and samples of all tasks first, then build one estimate. The default value (no samples) has a
/// <see cref="Value"/> and <see cref="StandardError"/> of NaN.
/// </remarks>
public readonly record struct PiEstimate
{
    /// <summary>Initialises an estimate from a hit count.</summary>
    /// <param name="hits">The points that fell inside the quarter circle; between 0 and <paramref name="samples"/>.</param>
    /// <param name="samples">The points drawn; one or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public PiEstimate(long hits, long samples)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        ArgumentOutOfRangeException.ThrowIfNegative(hits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hits, samples);
        Hits = hits;
        Samples = samples;
    }

    /// <summary>Gets the points that fell inside the quarter circle.</summary>
    public long Hits { get; }

    /// <summary>Gets the points drawn.</summary>
    public long Samples { get; }

    /// <summary>Gets the estimate, 4 x hits / samples.</summary>
    public double Value => 4.0 * Hits / Samples;

    /// <summary>Gets the standard error of <see cref="Value"/>, 4 x sqrt(p (1 - p) / n) with p = hits / samples.</summary>
    public double StandardError
    {
        get
        {
            double p = (double)Hits / Samples;
            return 4.0 * Math.Sqrt(p * (1.0 - p) / Samples);
        }
    }

    /// <summary>Gets how many standard errors <see cref="Value"/> lies from <paramref name="reference"/>.</summary>
    /// <param name="reference">The value to compare with, usually <see cref="Math.PI"/>.</param>
    /// <returns>|Value - reference| / StandardError; infinity when the error is zero and the values differ.</returns>
    public double StandardErrorsFrom(double reference)
    {
        double difference = Math.Abs(Value - reference);
        return difference == 0 ? 0 : difference / StandardError;
    }

    /// <summary>Formats the estimate as "3.14159 ± 0.00050" in the invariant culture.</summary>
    /// <returns>The estimate and its standard error, five decimals each.</returns>
    public override string ToString()
    {
        return string.Create(CultureInfo.InvariantCulture, $"{Value:F5} ± {StandardError:F5}");
    }
}
