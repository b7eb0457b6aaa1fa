namespace GpuRay.Inference;

/// <summary>
/// A model that cannot be used: not ONNX, or its input or output tensors do not have the type and shape the task
/// feeds it.
/// </summary>
public sealed class ModelFormatException : InferenceInputException
{
    /// <summary>Creates the error with a message only.</summary>
    /// <param name="message">What went wrong.</param>
    public ModelFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and the error that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The original error.</param>
    public ModelFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error for one model and, optionally, one tensor of it.</summary>
    /// <param name="model">The model's file or name.</param>
    /// <param name="tensor">The tensor at fault, or <see langword="null"/> when the whole model is.</param>
    /// <param name="expected">What was expected.</param>
    /// <param name="actual">What was found.</param>
    /// <param name="innerException">The original error, if any.</param>
    public ModelFormatException(string model, string? tensor, string expected, string actual, Exception? innerException = null)
        : base(model, tensor, expected, actual, innerException)
    {
    }
}
