using System.Globalization;

namespace GpuRay.Cli.Output;

/// <summary>Number formats shared by the tables, in the invariant culture.</summary>
internal static class Format
{
    public static string Seconds(double? seconds) => seconds switch
    {
        null => "—",
        < 0.01 => string.Create(CultureInfo.InvariantCulture, $"{seconds * 1000:F1} ms"),
        < 10 => string.Create(CultureInfo.InvariantCulture, $"{seconds:F2} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds:F1} s"),
    };

    public static string Ratio(double? value, string suffix = "x") =>
        value is double v ? string.Create(CultureInfo.InvariantCulture, $"{v:F2}{suffix}") : "—";

    public static string Percent(double? value) =>
        value is double v ? string.Create(CultureInfo.InvariantCulture, $"{v * 100:F0}%") : "—";

    /// <summary>A rate with an SI prefix, e.g. "48.2 M".</summary>
    public static string Rate(double? value)
    {
        if (value is not double v)
        {
            return "—";
        }

        (double scaled, string prefix) = Math.Abs(v) switch
        {
            >= 1e9 => (v / 1e9, " G"),
            >= 1e6 => (v / 1e6, " M"),
            >= 1e3 => (v / 1e3, " k"),
            _ => (v, " "),
        };
        return string.Create(CultureInfo.InvariantCulture, $"{scaled:0.0}{prefix}").TrimEnd();
    }

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F1} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} B"),
    };
}
