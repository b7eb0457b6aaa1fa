using System.Globalization;
using System.Numerics;
using GpuRay.Workloads.Fibonacci;

namespace GpuRay.Workloads.Tests.Fibonacci;

public sealed class FibonacciWorkloadTests
{
    [TestCase(1, 0)]
    [TestCase(2, 1)]
    [TestCase(3, 1)]
    [TestCase(4, 2)]
    [TestCase(11, 55)]
    public void GenerateLast_SmallSize_ReturnsTutorialSequenceValue(int sequenceSize, int expected)
    {
        Assert.That(FibonacciWorkload.GenerateLast(sequenceSize), Is.EqualTo(new BigInteger(expected)));
    }

    [Test]
    public void GenerateLast_Size91_ReturnsF90()
    {
        Assert.That(FibonacciWorkload.GenerateLast(91), Is.EqualTo(BigInteger.Parse("2880067194370816120", CultureInfo.InvariantCulture)));
    }

    [Test]
    public void GenerateLast_Size1001_ReturnsF1000With209Digits()
    {
        string digits = FibonacciWorkload.GenerateLast(1001).ToString(CultureInfo.InvariantCulture);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(digits, Has.Length.EqualTo(209));
            Assert.That(digits, Does.StartWith("43466557686937456435"));
            Assert.That(digits, Does.EndWith("76137795166849228875"));
        }
    }

    [Test]
    public void GenerateLast_Size10001_ReturnsF10000With2090DigitsAndKnownResidue()
    {
        BigInteger f10000 = FibonacciWorkload.GenerateLast(10_001);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(f10000.ToString(CultureInfo.InvariantCulture), Has.Length.EqualTo(2090));
            Assert.That((long)(f10000 % 1_000_000_007), Is.EqualTo(271_496_360));
        }
    }

    [Test]
    public void GenerateLast_ConsecutiveSizes_SatisfyCassiniIdentity()
    {
        const int n = 500;
        BigInteger previous = FibonacciWorkload.GenerateLast(n);
        BigInteger current = FibonacciWorkload.GenerateLast(n + 1);
        BigInteger next = FibonacciWorkload.GenerateLast(n + 2);

        Assert.That((previous * next) - (current * current), Is.EqualTo(BigInteger.One));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(5_000)]
    public void Generate_Size_ReturnsSize(int sequenceSize)
    {
        Assert.That(FibonacciWorkload.Generate(sequenceSize), Is.EqualTo(sequenceSize));
    }

    [Test]
    public void Generate_NegativeSize_ThrowsArgumentOutOfRangeNamingSequenceSize()
    {
        Assert.That(
            () => FibonacciWorkload.Generate(-1),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("sequenceSize"));
    }

    [Test]
    public void GenerateLast_ZeroSize_ThrowsArgumentOutOfRangeNamingSequenceSize()
    {
        Assert.That(
            () => FibonacciWorkload.GenerateLast(0),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("sequenceSize"));
    }

    [Test]
    public void GenerateSerial_ThreeRepetitions_ReturnsTotalCount()
    {
        Assert.That(FibonacciWorkload.GenerateSerial(1_000, 3), Is.EqualTo(3_000));
    }

    [Test]
    public void GenerateSerial_ZeroRepetitions_ReturnsZero()
    {
        Assert.That(FibonacciWorkload.GenerateSerial(1_000, 0), Is.Zero);
    }

    [Test]
    public void GenerateSerial_NegativeRepetitions_ThrowsArgumentOutOfRangeNamingRepetitions()
    {
        Assert.That(
            () => FibonacciWorkload.GenerateSerial(10, -1),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("repetitions"));
    }
}
