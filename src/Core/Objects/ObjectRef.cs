using System.Runtime.ExceptionServices;

using GpuRay.Scheduling;

namespace GpuRay.Objects;

/// <summary>
/// A future for an object in the store: a task's result, or a value that was Put. Pass it to remote functions to
/// make a dependency; await it, or Get it through the runtime. The typed form is <see cref="ObjectRef{T}"/>.
/// </summary>
/// <remarks>
/// Thread-safe. An object is immutable by contract: tasks that receive it must not change it.
/// </remarks>
public abstract class ObjectRef
{
    private readonly Lock _lock = new();
    private volatile int _state;
    private object? _waiters;
    private Exception? _error;
    private UnobservedErrorSentinel? _sentinel;

    private protected ObjectRef(long id, TaskRecord? producer)
    {
        Id = id;
        Producer = producer;
    }

    /// <summary>The object's id, unique in its runtime (a task's result has its task's id).</summary>
    public long Id { get; }

    /// <summary>Whether the object is pending, ready, or failed.</summary>
    public ObjectState State => (ObjectState)_state;

    /// <summary>True once the object is ready or failed.</summary>
    public bool IsCompleted => _state != 0;

    /// <summary>The type of the value.</summary>
    public abstract Type ValueType { get; }

    /// <summary>The task that produces it, while it is pending; null for Put objects and finished tasks.</summary>
    internal TaskRecord? Producer { get; private set; }

    /// <summary>The store's hold on the object's bytes; released when this ref is collected.</summary>
    internal StoreLease? Lease { get; set; }

    internal Exception? Error => _error;

    /// <summary>The name shown in errors: the producing task's name and id, or "put".</summary>
    internal string Describe() =>
        Producer is { } p ? $"'{p.Name}' (id {Id}, {p.State})" : $"object {Id} ({State})";

    /// <inheritdoc/>
    public override string ToString() => $"ObjectRef({Id}, {State})";

    /// <summary>Registers a waiter; false when the object is already complete (the waiter is not called).</summary>
    internal bool TryAddWaiter(IObjectWaiter waiter)
    {
        lock (_lock)
        {
            if (_state != 0)
            {
                return false;
            }

            switch (_waiters)
            {
                case null:
                    _waiters = waiter;
                    break;
                case List<IObjectWaiter> list:
                    list.Add(waiter);
                    break;
                default:
                    _waiters = new List<IObjectWaiter>(4) { (IObjectWaiter)_waiters, waiter };
                    break;
            }
        }

        return true;
    }

    internal void RemoveWaiter(IObjectWaiter waiter)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_waiters, waiter))
            {
                _waiters = null;
            }
            else if (_waiters is List<IObjectWaiter> list)
            {
                list.Remove(waiter);
            }
        }
    }

    /// <summary>Throws the object's error, and marks it as read (so that it is not logged as unhandled).</summary>
    internal void ThrowIfFailed()
    {
        if (_state == (int)ObjectState.Failed)
        {
            MarkObserved();
            ExceptionDispatchInfo.Throw(_error!);
        }
    }

    internal void MarkObserved()
    {
        if (_sentinel is { } sentinel)
        {
            sentinel.Observed = true;
        }
    }

    private protected bool TryComplete(Exception? error, UnobservedErrorSentinel? sentinel = null)
    {
        object? waiters;
        lock (_lock)
        {
            if (_state != 0)
            {
                return false;
            }

            if (error is null)
            {
                _state = (int)ObjectState.Ready;
            }
            else
            {
                _error = error;
                _sentinel = sentinel;
                _state = (int)ObjectState.Failed;
            }

            waiters = _waiters;
            _waiters = null;
            Producer = null;
        }

        if (waiters is IObjectWaiter single)
        {
            single.OnObjectCompleted(this);
        }
        else if (waiters is List<IObjectWaiter> list)
        {
            foreach (IObjectWaiter waiter in list)
            {
                waiter.OnObjectCompleted(this);
            }
        }

        return true;
    }

    internal bool TryFail(Exception error, UnobservedErrorSentinel? sentinel)
    {
        if (TryComplete(error, sentinel))
        {
            return true;
        }

        if (sentinel is not null)
        {
            // Lost the race: this error is never shown, so it must not be logged as unhandled either.
            sentinel.Observed = true;
        }

        return false;
    }

    internal abstract object? BoxedValue { get; }
}
