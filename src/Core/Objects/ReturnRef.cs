using GpuRay.Errors;

namespace GpuRay.Objects;

/// <summary>
/// One of the refs of a task with several returns (<see cref="Options.TaskOptions.NumReturns"/>): it completes when its
/// task does, with one item of the task's result, or with the task's error.
/// </summary>
/// <remarks>
/// The refs of one task form a chain, and only the first waits on the task, so a task with n returns adds one waiter and
/// n small objects. While the task is pending a ref reaches it (a Get may run it inline, a Cancel reaches it); once
/// complete it lets go of it, so the whole result stays reachable only as long as the items it holds.
/// </remarks>
/// <typeparam name="TWhole">The task's result: a ValueTuple or an array.</typeparam>
/// <typeparam name="T">This ref's item.</typeparam>
internal sealed class ReturnRef<TWhole, T> : ObjectRef<T>, IReturnPart<TWhole>, IObjectWaiter
{
    private readonly Func<TWhole, int, T> _select;
    private readonly int _index;
    private ObjectRef<TWhole>? _whole;

    public ReturnRef(long id, ObjectRef<TWhole> whole, Func<TWhole, int, T> select, int index, IReturnPart<TWhole>? next)
        : base(id)
    {
        _whole = whole;
        _select = select;
        _index = index;
        Next = next;
    }

    public IReturnPart<TWhole>? Next { get; private set; }

    private protected override TaskRecord? ProducedBy => Volatile.Read(ref _whole)?.Producer;

    /// <summary>Makes the chain wait on its task; call on the first ref once the chain is built.</summary>
    public void Watch(ObjectRef<TWhole> whole)
    {
        if (!whole.TryAddWaiter(this))
        {
            OnObjectCompleted(whole);
        }
    }

    /// <summary>The task completed: every ref of the chain completes, sharing one unobserved-error log.</summary>
    public void OnObjectCompleted(ObjectRef completed)
    {
        var whole = (ObjectRef<TWhole>)completed;
        UnobservedErrorSentinel? sentinel = null;
        if (whole.State == ObjectState.Failed)
        {
            // The refs stand for the task, whose own ref nobody else holds: its error is logged once, through them.
            whole.MarkObserved();
            sentinel = whole.Error is TaskCancelledException ? null : new UnobservedErrorSentinel(whole.Error!, whole.Scheduler.Logger);
        }

        for (IReturnPart<TWhole>? part = this; part is not null; part = part.Complete(whole, sentinel))
        {
        }
    }

    /// <inheritdoc/>
    public IReturnPart<TWhole>? Complete(ObjectRef<TWhole> whole, UnobservedErrorSentinel? sentinel)
    {
        IReturnPart<TWhole>? next = Next;
        Next = null;
        if (whole.State == ObjectState.Failed)
        {
            TryFail(whole.Error!, sentinel);
        }
        else
        {
            // The whole result's bytes stay counted until its last item's ref is gone.
            if (whole.Lease is { } lease)
            {
                Lease = lease;
            }

            T item;
            try
            {
                item = _select(whole.GetCompletedValue(), _index);
            }
            catch (IndexOutOfRangeException ex)
            {
                // The task's count check makes this unreachable; a waiter that threw would take the completing thread down.
                var failure = new TaskFailedException(whole.Name, whole.Id, ex);
                TryFail(failure, new UnobservedErrorSentinel(failure, whole.Scheduler.Logger));
                Volatile.Write(ref _whole, null);
                return next;
            }

            TrySetValue(item);
        }

        Volatile.Write(ref _whole, null);
        return next;
    }
}
