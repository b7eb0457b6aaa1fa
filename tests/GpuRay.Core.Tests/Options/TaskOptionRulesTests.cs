using GpuRay.Options;

namespace GpuRay.Core.Tests.Options;

/// <summary>Options from keyword dictionaries: a value of the wrong type, or a fraction where a whole number is meant, is refused, never rounded.</summary>
public sealed class TaskOptionRulesTests
{
    [TestCase("max_retries", 2.5, "MaxRetries: 2.5")]
    [TestCase("MaxCalls", 1.5, "MaxCalls: 1.5")]
    [TestCase("gpu_memory", 1024.5, "GpuMemory: 1024.5")]
    [TestCase("max_retries", "2.5", "MaxRetries: '2.5'")]
    public void FromKeywords_FractionWhereAWholeNumberIsMeant_IsRefusedNamingOptionAndValue(string keyword, object value, string quoted)
    {
        var error = Assert.Throws<ArgumentException>(() => TaskOptions.FromKeywords(new Dictionary<string, object?> { [keyword] = value }))!;

        Assert.That(error.Message, Does.Contain($"Invalid value for option {quoted}").And.Contain("not rounded"));
    }

    [TestCase("max_retries", true, "MaxRetries")]
    [TestCase("num_cpus", false, "NumCpus")]
    [TestCase("max_calls", null, "MaxCalls")]
    public void FromKeywords_ValueOfTheWrongType_IsRefusedNamingOptionAndType(string keyword, object? value, string option)
    {
        var error = Assert.Throws<ArgumentException>(() => TaskOptions.FromKeywords(new Dictionary<string, object?> { [keyword] = value }))!;

        Assert.That(error.Message, Does.StartWith($"Invalid value for option {option}:").And.Contain("a number is needed"));
    }

    [TestCase("max_retries", 3.0, 3)]
    [TestCase("max_retries", 3L, 3)]
    [TestCase("max_retries", "3", 3)]
    [TestCase("max_retries", -1, -1)]
    public void FromKeywords_WholeNumberOfAnyNumericType_IsTaken(string keyword, object value, int expected)
    {
        TaskOptions options = TaskOptions.FromKeywords(new Dictionary<string, object?> { [keyword] = value });

        Assert.That(options.MaxRetries, Is.EqualTo(expected));
    }

    [Test]
    public void FromKeywords_NumCpusAsAString_IsTaken()
    {
        TaskOptions options = TaskOptions.FromKeywords(new Dictionary<string, object?> { ["num_cpus"] = "0.5" });

        Assert.That(options.NumCpus, Is.EqualTo(0.5));
    }
}
