namespace GpuRay.Objects;

/// <summary>
/// Reachable only through its ref: when the ref is collected, the finalizer gives the bytes back; a ref that drops
/// its value (its task failed or was cancelled after the value was counted) gives them back at once.
/// </summary>
internal sealed class StoreLease(ObjectStore store, long key, long sizeBytes)
{
    public long SizeBytes { get; } = sizeBytes;

    /// <summary>Gives the bytes back now, for a ref that dropped its value; the finalizer then does nothing.</summary>
    public void ReleaseNow()
    {
        GC.SuppressFinalize(this);
        store.Release(key, SizeBytes);
    }

    ~StoreLease() => store.Release(key, SizeBytes);
}
