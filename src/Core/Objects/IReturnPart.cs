namespace GpuRay.Objects;

/// <summary>A link in the chain of a task's several result refs (<see cref="ReturnRef{TWhole, T}"/>).</summary>
/// <typeparam name="TWhole">The task's result.</typeparam>
internal interface IReturnPart<TWhole>
{
    /// <summary>Completes this ref from its completed task and returns the next link, or null.</summary>
    IReturnPart<TWhole>? Complete(ObjectRef<TWhole> whole, UnobservedErrorSentinel? sentinel);
}
