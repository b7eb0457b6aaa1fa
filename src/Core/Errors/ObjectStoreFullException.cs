namespace GpuRay.Errors;

/// <summary>An object does not fit in the object store's memory limit, even after unreachable objects were freed.</summary>
public sealed class ObjectStoreFullException : GpuRayException
{
    /// <summary>Creates the error, giving the object's size, the bytes in use and the limit.</summary>
    public ObjectStoreFullException(long objectBytes, long usedBytes, long limitBytes)
        : base(
            $"Object of {objectBytes:N0} bytes does not fit in the object store: {usedBytes:N0} of {limitBytes:N0} bytes "
            + "are in use by reachable objects. Drop refs you no longer need, or raise RuntimeOptions.ObjectStoreMemory.")
    {
        ObjectBytes = objectBytes;
        UsedBytes = usedBytes;
        LimitBytes = limitBytes;
    }

    /// <summary>The size of the object that did not fit.</summary>
    public long ObjectBytes { get; }

    /// <summary>The bytes in use when it was refused.</summary>
    public long UsedBytes { get; }

    /// <summary>The store's limit.</summary>
    public long LimitBytes { get; }
}
