namespace GpuRay.Runtime;

/// <summary>The object store's use: bytes of reachable counted objects, their number, and the limit.</summary>
/// <param name="UsedBytes">Bytes of counted objects that refs can still reach.</param>
/// <param name="ObjectCount">How many counted objects that is.</param>
/// <param name="LimitBytes">The limit.</param>
public readonly record struct ObjectStoreStats(long UsedBytes, long ObjectCount, long LimitBytes);
