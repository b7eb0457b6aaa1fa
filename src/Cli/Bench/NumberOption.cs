using System.Globalization;

namespace GpuRay.Cli.Bench;

/// <summary>Parses a whole-number option such as <c>--samples 10_000_000</c>, with an error that names the option.</summary>
internal readonly record struct NumberOption(string Name, long Min, long Max)
{
    /// <summary>Parses <paramref name="text"/>; digits with an optional sign, optionally grouped with '_' or ','.</summary>
    /// <returns>The value, or null with <paramref name="error"/> set; null and no error when the option was not given.</returns>
    public long? Parse(string? text, out string? error)
    {
        error = null;
        if (text is null)
        {
            return null;
        }

        string digits = text.Replace("_", string.Empty, StringComparison.Ordinal).Replace(",", string.Empty, StringComparison.Ordinal);
        // A sign is read so that "-5" is reported as out of range, which it is, not as "not a whole number".
        if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            error = $"{Name} '{text}' is not a whole number.";
            return null;
        }

        if (value < Min || value > Max)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"{Name} {value:N0} is out of range; valid values are {Min:N0}..{Max:N0}.");
            return null;
        }

        return value;
    }
}
