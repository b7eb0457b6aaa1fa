using GpuRay.Cli.Output;

namespace GpuRay.Cli.Tests.Output;

public sealed class FormatTests
{
    [TestCase(0.0023, ExpectedResult = "2.3 ms")]
    [TestCase(1.234, ExpectedResult = "1.23 s")]
    [TestCase(12.34, ExpectedResult = "12.3 s")]
    [TestCase(null, ExpectedResult = "—")]
    public string Seconds_FormatsWithAUnit(double? seconds) => Format.Seconds(seconds);

    [TestCase(950, ExpectedResult = "950.0")]
    [TestCase(48_200_000, ExpectedResult = "48.2 M")]
    [TestCase(1.25e9, ExpectedResult = "1.3 G")]
    public string Rate_UsesSiPrefixes(double value) => Format.Rate(value);

    [TestCase(3L << 30, ExpectedResult = "3.0 GiB")]
    [TestCase(5L << 20, ExpectedResult = "5 MiB")]
    public string Bytes_UsesBinaryUnits(long bytes) => Format.Bytes(bytes);
}
