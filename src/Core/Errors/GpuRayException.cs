namespace GpuRay.Errors;

/// <summary>The base of the errors GpuRay raises itself (all but <see cref="GetTimeoutException"/>, see <see cref="IGpuRayError"/>).</summary>
public class GpuRayException : Exception, IGpuRayError
{
    /// <summary>Creates an error with a message.</summary>
    public GpuRayException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an error with a message and the exception that caused it.</summary>
    public GpuRayException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an error with the default message.</summary>
    public GpuRayException()
    {
    }
}
