using System.Globalization;

namespace GpuRay.Resources;

/// <summary>
/// Resource amounts as whole multiples of 1/10,000, so that fractional CPUs and GPUs add up exactly no matter
/// how many acquire/release cycles run (Ray uses the same 1e-4 granularity).
/// </summary>
internal static class FixedPoint
{
    public const long One = 10_000;

    public static long FromDouble(double amount) => (long)Math.Round(amount * One, MidpointRounding.AwayFromZero);

    public static double ToDouble(long units) => (double)units / One;

    public static string Format(long units) => ToDouble(units).ToString("0.####", CultureInfo.InvariantCulture);
}
