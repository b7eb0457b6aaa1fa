namespace GpuRay.Objects;

/// <summary>Reachable only through its ref: when the ref is collected, the finalizer gives the bytes back.</summary>
internal sealed class StoreLease(ObjectStore store, long sizeBytes)
{
    public long SizeBytes { get; } = sizeBytes;

    ~StoreLease() => store.Release(SizeBytes);
}
