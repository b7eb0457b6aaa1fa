using System.Numerics;
using System.Text.Json;

using GpuRay.Workers;

namespace GpuRay.Core.Tests.Workers;

public sealed class WorkerSerializerTests
{
    [TestCase(typeof(int))]
    [TestCase(typeof(string))]
    [TestCase(typeof(double[]))]
    [TestCase(typeof(List<long>))]
    [TestCase(typeof(Dictionary<string, float>))]
    [TestCase(typeof(BigInteger))]
    [TestCase(typeof((int, string)))]
    [TestCase(typeof(Point))]
    [TestCase(typeof(Settable))]
    public void FindProblem_TypeThatMakesTheTrip_ReturnsNull(Type type)
    {
        Assert.That(WorkerSerializer.FindProblem(type), Is.Null);
    }

    [TestCase(typeof(object), "not a concrete data type")]
    [TestCase(typeof(IReadOnlyList<int>), "not a concrete data type")]
    [TestCase(typeof(Func<int>), "not a concrete data type")]
    [TestCase(typeof(ReadOnlyTotal), "'Total'")]
    [TestCase(typeof(List<ReadOnlyTotal>), "'Total'")]
    [TestCase(typeof(Dictionary<string, object>), "System.Object")]
    public void FindProblem_TypeThatWouldLoseData_NamesTheCause(Type type, string expected)
    {
        Assert.That(WorkerSerializer.FindProblem(type), Does.Contain(expected));
    }

    [Test]
    public void Options_BigIntegerNaNAndTuple_RoundTripExactly()
    {
        var value = (BigInteger.Pow(7, 500) * -1, double.NaN, double.NegativeInfinity, 0.1 + 0.2);

        byte[] json = JsonSerializer.SerializeToUtf8Bytes(value, WorkerSerializer.Options);
        var back = JsonSerializer.Deserialize<(BigInteger, double, double, double)>(json, WorkerSerializer.Options);

        Assert.That(back.Item1, Is.EqualTo(value.Item1));
        Assert.That(double.IsNaN(back.Item2), Is.True);
        Assert.That(back.Item3, Is.EqualTo(double.NegativeInfinity));
        Assert.That(back.Item4, Is.EqualTo(0.1 + 0.2), "doubles keep every bit");
    }

    public sealed record Point(double X, double Y);

    public sealed class Settable
    {
        public int Count { get; set; }

        public string[] Names { get; init; } = [];
    }

    public sealed class ReadOnlyTotal
    {
        private readonly int _total = 3;

        public int Total => _total;
    }
}
