using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

using GpuRay.Errors;

namespace GpuRay.Objects;

/// <summary>
/// Counts the bytes of the objects that refs can still reach, against a limit. Values live in process and are
/// never copied (Put is zero-copy); an object's bytes are released when the last ref to it is collected.
/// Objects smaller than the inline threshold travel with their refs and are not counted, as in Ray.
/// </summary>
internal sealed class ObjectStore(long limitBytes, long inlineThresholdBytes)
{
    // The counted objects, weakly, for the state API, by lease key (a key, not the lease: the lease must stay
    // collectable). An entry goes with its lease. Puts and results of the inline threshold and more are here, never a
    // tiny task's result, so the hot path pays nothing for it.
    private readonly ConcurrentDictionary<long, (WeakReference<ObjectRef> Owner, long SizeBytes)> _counted = new();
    private long _nextLease;
    private long _usedBytes;
    private long _objectCount;

    public long LimitBytes { get; } = limitBytes;

    public long InlineThresholdBytes { get; } = inlineThresholdBytes;

    public long UsedBytes => Volatile.Read(ref _usedBytes);

    public long ObjectCount => Volatile.Read(ref _objectCount);

    /// <summary>Counts an object's bytes for as long as <paramref name="owner"/> is reachable.</summary>
    /// <exception cref="ObjectStoreFullException">It does not fit, even after a collection freed what it could.</exception>
    public void Track(ObjectRef owner, long sizeBytes)
    {
        if (!TryReserve(sizeBytes))
        {
            // Unreachable refs are only found by the GC: collect once, then try again before refusing.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            if (!TryReserve(sizeBytes))
            {
                throw new ObjectStoreFullException(sizeBytes, UsedBytes, LimitBytes);
            }
        }

        long key = Interlocked.Increment(ref _nextLease);
        _counted[key] = (new WeakReference<ObjectRef>(owner), sizeBytes);
        owner.Lease = new StoreLease(this, key, sizeBytes);
    }

    /// <summary>The counted objects that are still reachable (or not collected yet), with their sizes.</summary>
    public List<(ObjectRef Owner, long SizeBytes)> CountedObjects()
    {
        var objects = new List<(ObjectRef, long)>(_counted.Count);
        foreach ((WeakReference<ObjectRef> owner, long sizeBytes) in _counted.Values)
        {
            if (owner.TryGetTarget(out ObjectRef? reference))
            {
                objects.Add((reference, sizeBytes));
            }
        }

        return objects;
    }

    /// <summary>Counts a task's result when it is too big to travel inline with its ref.</summary>
    public void TrackResult<T>(ObjectRef<T> owner, T value)
    {
        if (typeof(T).IsValueType && !RuntimeHelpers.IsReferenceOrContainsReferences<T>() && Unsafe.SizeOf<T>() < InlineThresholdBytes)
        {
            return;
        }

        long size = ObjectSizer.SizeOf(value);
        if (size >= InlineThresholdBytes)
        {
            Track(owner, size);
        }
    }

    internal void Release(long key, long sizeBytes)
    {
        _counted.TryRemove(key, out _);
        Interlocked.Add(ref _usedBytes, -sizeBytes);
        Interlocked.Decrement(ref _objectCount);
    }

    private bool TryReserve(long sizeBytes)
    {
        long used = Volatile.Read(ref _usedBytes);
        while (true)
        {
            if (used + sizeBytes > LimitBytes)
            {
                return false;
            }

            long seen = Interlocked.CompareExchange(ref _usedBytes, used + sizeBytes, used);
            if (seen == used)
            {
                Interlocked.Increment(ref _objectCount);
                return true;
            }

            used = seen;
        }
    }
}
