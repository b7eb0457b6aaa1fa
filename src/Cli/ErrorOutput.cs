namespace GpuRay.Cli;

/// <summary>Where error lines go: standard error in the tool, a <see cref="StringWriter"/> in tests.</summary>
/// <remarks>Errors bypass the Spectre console so that they are never wrapped at the console width: one error, one line.</remarks>
internal sealed class ErrorOutput
{
    private readonly TextWriter _writer;

    public ErrorOutput(TextWriter writer)
    {
        _writer = writer;
    }

    /// <summary>Writes "gpuray: error: message" on one line, and the exception's details only when asked for.</summary>
    public void Write(string message, Exception? exception = null, bool verbose = false)
    {
        _writer.WriteLine($"gpuray: error: {message.ReplaceLineEndings(" ").Trim()}");
        if (verbose && exception is not null)
        {
            _writer.WriteLine(exception.ToString());
        }

        _writer.Flush();
    }
}
