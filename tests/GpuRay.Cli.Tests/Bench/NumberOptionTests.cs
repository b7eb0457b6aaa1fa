using GpuRay.Cli.Bench;

namespace GpuRay.Cli.Tests.Bench;

public sealed class NumberOptionTests
{
    private static readonly NumberOption Samples = new("--samples", 1, 1000);

    [TestCase("7", ExpectedResult = 7L)]
    [TestCase("1_000", ExpectedResult = 1000L)]
    [TestCase("1,000", ExpectedResult = 1000L)]
    public long? Parse_WholeNumber_ReturnsIt(string text)
    {
        long? value = Samples.Parse(text, out string? error);

        Assert.That(error, Is.Null);
        return value;
    }

    [TestCase("", ExpectedResult = "--samples '' is not a whole number.")]
    [TestCase("1.5", ExpectedResult = "--samples '1.5' is not a whole number.")]
    [TestCase("0", ExpectedResult = "--samples 0 is out of range; valid values are 1..1,000.")]
    [TestCase("-5", ExpectedResult = "--samples -5 is out of range; valid values are 1..1,000.")]
    [TestCase("1001", ExpectedResult = "--samples 1,001 is out of range; valid values are 1..1,000.")]
    public string? Parse_Invalid_ReturnsNullAndAnErrorNamingTheOption(string text)
    {
        Assert.That(Samples.Parse(text, out string? error), Is.Null);
        return error;
    }

    [Test]
    public void Parse_NotGiven_ReturnsNullWithoutError()
    {
        Assert.That(Samples.Parse(null, out string? error), Is.Null);
        Assert.That(error, Is.Null);
    }
}
