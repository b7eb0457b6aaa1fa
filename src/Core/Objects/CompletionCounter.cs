namespace GpuRay.Objects;

/// <summary>Completes when enough of the refs it watches have completed, or (for Get) at the first failure.</summary>
internal sealed class CompletionCounter(int needed, bool stopAtFailure) : IObjectWaiter
{
    private int _remaining = needed;
    private ObjectRef? _failure;

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ObjectRef? Failure => Volatile.Read(ref _failure);

    public void OnObjectCompleted(ObjectRef completed)
    {
        if (stopAtFailure && completed.State == ObjectState.Failed)
        {
            Interlocked.CompareExchange(ref _failure, completed, null);
            Done.TrySetResult();
        }
        else if (Interlocked.Decrement(ref _remaining) <= 0)
        {
            Done.TrySetResult();
        }
    }

    /// <summary>Registers on each pending ref; returns how many were registered (the rest had completed).</summary>
    public void Watch(IEnumerable<ObjectRef> refs)
    {
        foreach (ObjectRef reference in refs)
        {
            if (!reference.TryAddWaiter(this))
            {
                OnObjectCompleted(reference);
            }
        }
    }

    public void Unwatch(IEnumerable<ObjectRef> refs)
    {
        foreach (ObjectRef reference in refs)
        {
            if (!reference.IsCompleted)
            {
                reference.RemoveWaiter(this);
            }
        }
    }
}
