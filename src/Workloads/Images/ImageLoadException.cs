namespace GpuRay.Workloads.Images;

/// <summary>An image file could not be loaded: it is corrupt, truncated, of an unsupported format or too large.</summary>
/// <remarks>The message always names the file and the reason.</remarks>
public sealed class ImageLoadException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ImageLoadException"/> class.</summary>
    public ImageLoadException()
        : this("unknown file", "unknown reason")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ImageLoadException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ImageLoadException(string message)
        : base(message)
    {
        FilePath = string.Empty;
        Reason = message;
    }

    /// <summary>Initializes a new instance of the <see cref="ImageLoadException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The underlying decoder or I/O error.</param>
    public ImageLoadException(string message, Exception? innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
        Reason = message;
    }

    /// <summary>Initializes a new instance of the <see cref="ImageLoadException"/> class for a file.</summary>
    /// <param name="filePath">The file that failed.</param>
    /// <param name="reason">Why it failed, in a few words.</param>
    /// <param name="innerException">The underlying decoder or I/O error, if any.</param>
    public ImageLoadException(string filePath, string reason, Exception? innerException = null)
        : base($"Cannot load image '{filePath}': {reason}", innerException)
    {
        FilePath = filePath;
        Reason = reason;
    }

    /// <summary>Gets the path of the file that failed.</summary>
    public string FilePath { get; }

    /// <summary>Gets why the file failed, without the file name.</summary>
    public string Reason { get; }
}
