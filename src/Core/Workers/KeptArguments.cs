using System.Runtime.CompilerServices;

using GpuRay.Objects;

namespace GpuRay.Workers;

/// <summary>
/// Keys for the ref arguments that workers keep: unique in the process, since refs of two runtimes can share an id
/// and one runtime's refs can be passed to another's tasks.
/// </summary>
internal static class KeptArguments
{
    private static readonly ConditionalWeakTable<ObjectRef, StrongBox<long>> Keys = [];
    private static long s_next;

    public static long KeyOf(ObjectRef reference) =>
        Keys.GetValue(reference, static _ => new StrongBox<long>(Interlocked.Increment(ref s_next))).Value;

    /// <summary>The refs that were given a key and are still reachable, with their keys (for the state API).</summary>
    public static List<(ObjectRef Reference, long Key)> Keyed() => [.. Keys.Select(pair => (pair.Key, pair.Value.Value))];
}

/// <summary>What a worker keeps after a request (by key, with the JSON's size) and what it lets go of first.</summary>
internal sealed record KeepPlan(List<(long Key, long Bytes)> Keep, long[]? Evict);
