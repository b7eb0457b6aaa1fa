namespace GpuRay.Inference;

/// <summary>
/// A Parquet shard that cannot be read as taxi trips: not Parquet, truncated, a missing column, or a column of the
/// wrong type.
/// </summary>
public sealed class ShardFormatException : InferenceInputException
{
    /// <summary>Creates the error with a message only.</summary>
    /// <param name="message">What went wrong.</param>
    public ShardFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and the error that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The original error.</param>
    public ShardFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error for one shard and, optionally, one column in it.</summary>
    /// <param name="filePath">The shard file.</param>
    /// <param name="column">The column at fault, or <see langword="null"/> when the whole file is.</param>
    /// <param name="expected">What was expected.</param>
    /// <param name="actual">What was found.</param>
    /// <param name="innerException">The original error, if any.</param>
    public ShardFormatException(string filePath, string? column, string expected, string actual, Exception? innerException = null)
        : base(filePath, column, expected, actual, innerException)
    {
    }
}
