namespace GpuRay.Errors;

/// <summary>The base of the errors GpuRay raises itself.</summary>
public class GpuRayException : Exception
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
