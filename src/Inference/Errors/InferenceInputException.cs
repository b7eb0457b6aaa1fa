namespace GpuRay.Inference;

/// <summary>
/// Bad input to a batch-inference task: a shard or a model that cannot be used as given.
/// </summary>
/// <remarks>
/// The message always names the file, the column or tensor where one is involved, and what was expected, so that
/// a failed task in a batch of shards tells its own story. Other tasks are not affected.
/// </remarks>
public class InferenceInputException : Exception
{
    /// <summary>Creates the error with a message only.</summary>
    /// <param name="message">What went wrong.</param>
    public InferenceInputException(string message)
        : base(message)
    {
        FilePath = string.Empty;
        Expected = string.Empty;
    }

    /// <summary>Creates the error with a message and the error that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The original error.</param>
    public InferenceInputException(string message, Exception? innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
        Expected = string.Empty;
    }

    /// <summary>Creates the error for one file and, optionally, one column or tensor in it.</summary>
    /// <param name="filePath">The shard or model file (or the model's name when it came from memory).</param>
    /// <param name="element">The column or tensor at fault, or <see langword="null"/> when the whole file is.</param>
    /// <param name="expected">What was expected there.</param>
    /// <param name="actual">What was found.</param>
    /// <param name="innerException">The original error, if any.</param>
    public InferenceInputException(string filePath, string? element, string expected, string actual, Exception? innerException = null)
        : base(Format(filePath, element, expected, actual), innerException)
    {
        FilePath = filePath;
        Element = element;
        Expected = expected;
    }

    /// <summary>The shard or model file at fault (the model's name for a model that came from memory).</summary>
    /// <value>Empty when the error was created from a message only.</value>
    public string FilePath { get; }

    /// <summary>The column or tensor at fault.</summary>
    /// <value><see langword="null"/> when the whole file is at fault.</value>
    public string? Element { get; }

    /// <summary>What was expected of the file, column or tensor.</summary>
    public string Expected { get; }

    private static string Format(string filePath, string? element, string expected, string actual)
    {
        string where = element is null ? $"'{filePath}'" : $"'{filePath}', '{element}'";
        return $"{where}: expected {expected}, but found {actual}.";
    }
}
