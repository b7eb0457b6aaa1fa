namespace GpuRay.Errors;

/// <summary>
/// An exception thrown by a task's code in a worker process, standing in for one whose type this process cannot
/// rebuild (it does not load here, or has no public constructor taking a message). Exceptions that can be rebuilt
/// come back as their own type instead. Either way the worker's full text is the exception's remote stack trace.
/// </summary>
public sealed class WorkerTaskException : GpuRayException
{
    /// <summary>Creates the stand-in for an exception of type <paramref name="remoteType"/>.</summary>
    public WorkerTaskException(string remoteType, string message, string remoteDetails)
        : base($"{remoteType}: {message}")
    {
        RemoteType = remoteType;
        RemoteDetails = remoteDetails;
    }

    /// <summary>The assembly-qualified name of the exception's type in the worker.</summary>
    public string RemoteType { get; }

    /// <summary>The exception's full text in the worker: type, message, stack trace and inner exceptions.</summary>
    public string RemoteDetails { get; }
}
