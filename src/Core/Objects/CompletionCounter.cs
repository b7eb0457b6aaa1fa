namespace GpuRay.Objects;

/// <summary>Completes when enough of the refs it watches have completed, or (for Get) at the first failure.</summary>
internal sealed class CompletionCounter(int needed, bool stopAtFailure) : IObjectWaiter
{
    private int _remaining = needed;
    private ObjectRef? _failure;

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ObjectRef? Failure => Volatile.Read(ref _failure);

    /// <summary>
    /// True once every watched ref has completed without a failure stopping the count: none holds this counter as a
    /// waiter any more (a completing ref lets go of its waiters), so there is nothing to unwatch.
    /// </summary>
    public bool AllCompleted => Volatile.Read(ref _remaining) <= 0 && Volatile.Read(ref _failure) is null;

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

    /// <summary>
    /// Registers on each pending ref of an array, in order, and stops early once a failure is known (for Get);
    /// returns how many refs it went through, which is what <see cref="Unwatch(ObjectRef[], int)"/> must undo.
    /// </summary>
    public int Watch(ObjectRef[] refs)
    {
        for (int i = 0; i < refs.Length; i++)
        {
            ObjectRef reference = refs[i];
            if (!reference.TryAddWaiter(this))
            {
                OnObjectCompleted(reference);
                if (stopAtFailure && Volatile.Read(ref _failure) is not null)
                {
                    return i + 1;
                }
            }
        }

        return refs.Length;
    }

    /// <summary>Removes this counter from the first <paramref name="count"/> refs that are still pending.</summary>
    public void Unwatch(ObjectRef[] refs, int count)
    {
        for (int i = 0; i < count; i++)
        {
            ObjectRef reference = refs[i];
            if (!reference.IsCompleted)
            {
                reference.RemoveWaiter(this);
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
