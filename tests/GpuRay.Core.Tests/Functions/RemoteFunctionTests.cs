using GpuRay.Core.Tests.Support;
using GpuRay.Functions;
using GpuRay.Options;

namespace GpuRay.Core.Tests.Functions;

public sealed class RemoteFunctionTests : RuntimeFixture
{
    private static int Square(int x) => x * x;

    [Test]
    public void Remote_EveryArity_ReturnsTheFunctionsResult()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Ray.Get(Ray.Remote(() => 7).Remote()), Is.EqualTo(7));
            Assert.That(Ray.Get(Ray.Remote<int, int>(Square).Remote(9)), Is.EqualTo(81));
            Assert.That(Ray.Get(Ray.Remote((int a, string b) => b + a).Remote(1, "x")), Is.EqualTo("x1"));
            Assert.That(Ray.Get(Ray.Remote((int a, int b, int c) => a + b + c).Remote(1, 2, 3)), Is.EqualTo(6));
            Assert.That(Ray.Get(Ray.Remote((int a, int b, int c, int d) => a * b * c * d).Remote(1, 2, 3, 4)), Is.EqualTo(24));
        });
    }

    [Test]
    public void Remote_MethodGroup_DefaultNameIsDeclaringTypeAndMethod()
    {
        RemoteFunction<int, int> square = Ray.Remote<int, int>(Square);

        Assert.That(square.Name, Is.EqualTo("GpuRay.Core.Tests.Functions.RemoteFunctionTests.Square"));
    }

    [Test]
    public void TryGetFunction_StableName_FindsTheFunction()
    {
        RemoteFunction<int, int> square = Ray.Remote<int, int>(Square, name: "math.square");

        Assert.That(Ray.TryGetFunction("math.square", out RemoteFunction? found), Is.True);
        Assert.That(found, Is.SameAs(square));
        Assert.That(Ray.TryGetFunction("math.cube", out _), Is.False);
    }

    [Test]
    public void Remote_NameTakenByAnotherMethod_ThrowsNamingBoth()
    {
        Ray.Remote<int, int>(Square, name: "f");

        var error = Assert.Throws<ArgumentException>(() => Ray.Remote((int x) => x + 1, name: "f"));
        Assert.That(error!.Message, Does.Contain("'f' already exists").And.Contain("Square"));
    }

    [Test]
    public void WithOptions_ReturnsACopy_OriginalKeepsItsOptions()
    {
        RemoteFunction<int, int> square = Ray.Remote<int, int>(Square);

        RemoteFunction<int, int> half = square.WithOptions(o => o with { NumCpus = 0.5, Name = "half" }) as RemoteFunction<int, int>
            ?? throw new InvalidOperationException("WithOptions changed the function's type");

        Assert.That(square.Options.NumCpus, Is.EqualTo(1));
        Assert.That(half.Options.NumCpus, Is.EqualTo(0.5));
        Assert.That(half.Name, Is.EqualTo(square.Name));
        Assert.That(Ray.Get(half.Remote(4)), Is.EqualTo(16));
    }

    [TestCase(double.NaN, "NaN")]
    [TestCase(-1.0, "-1")]
    [TestCase(0.00001, "1E-05")]
    public void WithOptions_BadNumCpus_QuotesTheValueAndWhatIsValid(double cpus, string quoted)
    {
        RemoteFunction<int, int> square = Ray.Remote<int, int>(Square);

        var error = Assert.Throws<ArgumentException>(() => square.WithOptions(new TaskOptions { NumCpus = cpus }));
        Assert.That(error!.Message, Does.Contain($"NumCpus: {quoted}").And.Contain("Valid values are"));
    }

    [TestCase("CPU")]
    [TestCase("GPU")]
    [TestCase("gpu")]
    public void WithOptions_ReservedNameAsCustomResource_IsRejected(string key)
    {
        RemoteFunction<int, int> square = Ray.Remote<int, int>(Square);

        var error = Assert.Throws<ArgumentException>(() => square.WithOptions(new TaskOptions { Resources = new Dictionary<string, double> { [key] = 1 } }));
        Assert.That(error!.Message, Does.Contain($"'{key}' is not a custom resource"));
    }

    [Test]
    public void WithOptions_FractionalGpusAboveOne_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new TaskOptions { NumGpus = 1.5 }.Validate());
        Assert.That(error!.Message, Does.Contain("NumGpus: 1.5").And.Contain("whole number when above 1"));
    }

    [Test]
    public void FromKeywords_UnknownKeyword_ListsTheValidOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => TaskOptions.FromKeywords(new Dictionary<string, object?> { ["num_gpu"] = 1 }));
        Assert.That(error!.Message, Does.Contain("'num_gpu'").And.Contain("NumGpus").And.Contain("num_gpus"));
    }

    [Test]
    public void FromKeywords_RaySpelling_SetsTheOptions()
    {
        TaskOptions options = TaskOptions.FromKeywords(new Dictionary<string, object?>
        {
            ["num_cpus"] = 0.5,
            ["num_gpus"] = 0.25,
            ["max_retries"] = 5,
            ["retry_exceptions"] = true,
        });

        Assert.That(options, Is.EqualTo(new TaskOptions { NumCpus = 0.5, NumGpus = 0.25, MaxRetries = 5, RetryExceptions = true }));
    }

    [Test]
    public void FromKeywords_MaxCallsWithProcessIsolation_SetsIt()
    {
        TaskOptions options = TaskOptions.FromKeywords(new Dictionary<string, object?> { ["isolation"] = "process", ["max_calls"] = 10 });

        Assert.That(options, Is.EqualTo(new TaskOptions { Isolation = TaskIsolation.Process, MaxCalls = 10 }));
    }

    [TestCase(-1, TaskIsolation.Process, "negative")]
    [TestCase(5, TaskIsolation.None, "set Isolation = Process")]
    public void Validate_BadMaxCalls_SaysWhy(int maxCalls, TaskIsolation isolation, string why)
    {
        var error = Assert.Throws<ArgumentException>(() => new TaskOptions { MaxCalls = maxCalls, Isolation = isolation }.Validate());

        Assert.That(error!.Message, Does.Contain($"option MaxCalls: {maxCalls}").And.Contain(why));
    }
}
