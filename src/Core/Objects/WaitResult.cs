namespace GpuRay.Objects;

/// <summary>The outcome of a Wait: the refs that finished (ready or failed) and the rest, each in input order.</summary>
/// <typeparam name="T">The objects' type.</typeparam>
/// <param name="Ready">Finished refs, in the order they were given.</param>
/// <param name="NotReady">Pending refs, in the order they were given.</param>
public sealed record WaitResult<T>(IReadOnlyList<T> Ready, IReadOnlyList<T> NotReady)
    where T : ObjectRef
{
    /// <summary>What a Wait on no refs returns: two empty lists.</summary>
    internal static WaitResult<T> Empty { get; } = new([], []);
}
