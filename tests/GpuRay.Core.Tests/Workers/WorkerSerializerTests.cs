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
    [TestCase(typeof(Stack<int>), "reverse order")]
    [TestCase(typeof(PrivateState), "non-public fields")]
    [TestCase(typeof(Dictionary<(int, int), double>), "keys of type")]
    [TestCase(typeof(System.Collections.ObjectModel.ReadOnlyCollection<int>), "cannot be read back")]
    [TestCase(typeof(nint), "pointer-sized")]
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

    [Test]
    public void CheckDeclaredType_SubtypeValue_ThrowsNamingBothTypes()
    {
        var error = Assert.Throws<ArgumentException>(() => WorkerSerializer.CheckDeclaredType(new Derived(), typeof(Settable2), "argument 1 of remote function 'f'"))!;

        Assert.That(error.Message, Does.StartWith("Argument 1 of remote function 'f' is a").And.Contain(nameof(Derived)).And.Contain(nameof(Settable2)));
        Assert.DoesNotThrow(() => WorkerSerializer.CheckDeclaredType(5, typeof(int?), "a nullable"));
        Assert.DoesNotThrow(() => WorkerSerializer.CheckDeclaredType(null, typeof(Settable2), "null"));
    }

    public sealed record Point(double X, double Y);

    public class Settable2
    {
        public int Count { get; set; }
    }

    public sealed class Derived : Settable2
    {
        public int Extra { get; set; }
    }

    public sealed class PrivateState
    {
        private int _hidden;

        public void Bump() => _hidden++;

        public override string ToString() => _hidden.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

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
