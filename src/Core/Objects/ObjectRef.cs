using System.Runtime.ExceptionServices;

using GpuRay.Functions;
using GpuRay.Scheduling;

namespace GpuRay.Objects;

/// <summary>
/// A future for an object in the store: a task's result, or a value that was Put. Pass it to remote functions to
/// make a dependency; await it, or Get it through the runtime. The typed form is <see cref="ObjectRef{T}"/>.
/// </summary>
/// <remarks>
/// Thread-safe. An object is immutable by contract: tasks that receive it must not change it.
/// </remarks>
public abstract partial class ObjectRef
{
    /// <summary>Stands in <c>_waiters</c> once the object is complete: later waiters are refused.</summary>
    private static readonly object Completed = new();

    /// <summary>Set in <c>_state</c> by the one caller that completes the object, before the outcome is written.</summary>
    private const int Completing = 0x10;

    private const int OutcomeMask = 0x3;

    // Pending (0), Completing, then Completing | Ready or Completing | Failed. A ref is kept small: a million
    // queued tasks keep a million of them.
    private volatile int _state;

    // null, one IObjectWaiter, an IObjectWaiter[] (copied on write), or Completed. Lock-free: a ref costs no lock object.
    private object? _waiters;

    // null, the Exception, or the UnobservedErrorSentinel that holds it.
    private object? _failure;

    // What few refs need: the store's lease on a large object, the Task an await made; for tasks, children, a
    // cancellation source and the running attempt's context.
    private Extras? _extras;

    private protected ObjectRef(long id, RemoteFunction? producing)
    {
        Id = id;
        Producing = producing;
    }

    /// <summary>The object's id, unique in its runtime (a task's result has its task's id).</summary>
    public long Id { get; }

    /// <summary>Whether the object is pending, ready, or failed.</summary>
    public ObjectState State => (ObjectState)(_state & OutcomeMask);

    /// <summary>True once the object is ready or failed.</summary>
    public bool IsCompleted => (_state & OutcomeMask) != 0;

    /// <summary>The type of the value.</summary>
    public abstract Type ValueType { get; }

    /// <summary>The task that produces it (the ref itself), while it is pending; null for Put objects and finished tasks.</summary>
    internal TaskRecord? Producer => Producing is not null ? (IsCompleted ? null : this) : ProducedBy;

    /// <summary>For a ref that is one of its task's several results (NumReturns), that task while it is pending.</summary>
    private protected virtual TaskRecord? ProducedBy => null;

    /// <summary>The store's hold on the object's bytes; released when this ref is collected.</summary>
    internal StoreLease? Lease
    {
        get => _extras?.Lease;
        set => EnsureExtras().Lease = value;
    }

    /// <summary>Gives the store back the bytes of a value this ref no longer holds (once, whoever calls first).</summary>
    private protected void ReleaseLease()
    {
        if (Volatile.Read(ref _extras) is { } extras && Interlocked.Exchange(ref extras.Lease, null) is { } lease)
        {
            lease.ReleaseNow();
        }
    }

    /// <summary>The Task made for awaiting this ref, once one was asked for.</summary>
    private protected object? AwaitTask => Volatile.Read(ref _extras)?.AwaitTask;

    internal Exception? Error => _failure is UnobservedErrorSentinel sentinel ? sentinel.Error : (Exception?)_failure;

    /// <summary>True once Free dropped this object (a dependent failed by a freed object is not freed itself).</summary>
    internal bool IsFreed => _failure is Errors.ObjectFreedException freed && freed.ObjectId == Id;

    /// <summary>The tasks waiting for this object as an argument, added to <paramref name="into"/> (for the state API).</summary>
    internal void CollectWaitingTasks(List<TaskRecord> into)
    {
        object? waiters = Volatile.Read(ref _waiters);
        if (waiters is IObjectWaiter[] many)
        {
            foreach (IObjectWaiter waiter in many)
            {
                if (waiter is TaskRecord { Producing: not null } task)
                {
                    into.Add(task);
                }
            }
        }
        else if (waiters is TaskRecord { Producing: not null } single)
        {
            into.Add(single);
        }
    }

    /// <summary>
    /// Turns a ready object into a freed one: failed with <paramref name="freed"/>. False when it is not ready or another
    /// Free won. The caller then drops the value: the fence orders the state before that, so a reader that finds the
    /// value gone finds the state failed too.
    /// </summary>
    private protected bool TryMarkFreed(Errors.ObjectFreedException freed)
    {
        if (State != ObjectState.Ready || Interlocked.CompareExchange(ref _failure, freed, null) is not null)
        {
            return false;
        }

        _state = Completing | (int)ObjectState.Failed;
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _extras) is { } extras)
        {
            // A Task made for an earlier await holds the value; a later await must fail instead.
            Volatile.Write(ref extras.AwaitTask, null);
        }

        return true;
    }

    /// <summary>The name shown in errors: the producing task's name and id, or "put".</summary>
    internal string Describe() =>
        Producer is { } p ? $"'{p.Name}' (id {Id}, {p.TaskState})" : $"object {Id} ({State})";

    /// <inheritdoc/>
    public override string ToString() => $"ObjectRef({Id}, {State})";

    /// <summary>Registers a waiter; false when the object is already complete (the waiter is not called).</summary>
    internal bool TryAddWaiter(IObjectWaiter waiter)
    {
        while (true)
        {
            object? current = Volatile.Read(ref _waiters);
            if (ReferenceEquals(current, Completed))
            {
                return false;
            }

            object next = current switch
            {
                null => waiter,
                IObjectWaiter[] many => (IObjectWaiter[])[.. many, waiter],
                _ => new[] { (IObjectWaiter)current, waiter },
            };
            if (ReferenceEquals(Interlocked.CompareExchange(ref _waiters, next, current), current))
            {
                return true;
            }
        }
    }

    internal void RemoveWaiter(IObjectWaiter waiter)
    {
        while (true)
        {
            object? current = Volatile.Read(ref _waiters);
            object? next;
            if (ReferenceEquals(current, waiter))
            {
                next = null;
            }
            else if (current is IObjectWaiter[] many && Array.IndexOf(many, waiter) is int index and >= 0)
            {
                next = many.Length == 2 ? many[1 - index] : (IObjectWaiter[])[.. many[..index], .. many[(index + 1)..]];
            }
            else
            {
                return;
            }

            if (ReferenceEquals(Interlocked.CompareExchange(ref _waiters, next, current), current))
            {
                return;
            }
        }
    }

    /// <summary>Throws the object's error, and marks it as read (so that it is not logged as unhandled).</summary>
    internal void ThrowIfFailed()
    {
        if (State == ObjectState.Failed)
        {
            MarkObserved();
            ExceptionDispatchInfo.Throw(Error!);
        }
    }

    internal void MarkObserved()
    {
        if (_failure is UnobservedErrorSentinel sentinel)
        {
            sentinel.Observed = true;
        }
    }

    /// <summary>True once a caller has claimed the right to complete the object (it may not be complete yet).</summary>
    private protected bool IsClaimed => _state != 0;

    /// <summary>Claims the right to complete the object; false when another caller has it. The claimer must complete.</summary>
    private protected bool TryBeginComplete() => Interlocked.CompareExchange(ref _state, Completing, 0) == 0;

    /// <summary>Completes the object; pass <paramref name="claimed"/> when <see cref="TryBeginComplete"/> already returned true.</summary>
    private protected bool TryComplete(Exception? error, UnobservedErrorSentinel? sentinel = null, bool claimed = false)
    {
        if (!claimed && !TryBeginComplete())
        {
            return false;
        }

        if (error is null)
        {
            _state = Completing | (int)ObjectState.Ready;
        }
        else
        {
            _failure = (object?)sentinel ?? error;
            _state = Completing | (int)ObjectState.Failed;
        }

        // The state is published before waiters are taken, so a waiter refused from here on sees it complete.
        object? waiters = Interlocked.Exchange(ref _waiters, Completed);
        if (waiters is IObjectWaiter[] many)
        {
            foreach (IObjectWaiter waiter in many)
            {
                waiter.OnObjectCompleted(this);
            }
        }
        else if (waiters is IObjectWaiter single)
        {
            single.OnObjectCompleted(this);
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

    /// <summary>Frees the object; false when it had failed already or was freed before.</summary>
    internal abstract bool FreeValue();

    /// <summary>The value's size as the store counts it; 0 unless the object is ready.</summary>
    internal abstract long MeasureValue();

    /// <summary>Keeps the first Task made for awaiting this ref and returns it (two racing awaits share one).</summary>
    private protected object PublishAwaitTask(object task) =>
        Interlocked.CompareExchange(ref EnsureExtras().AwaitTask, task, null) ?? task;

    private Extras EnsureExtras() =>
        Volatile.Read(ref _extras) ?? Interlocked.CompareExchange(ref _extras, new Extras(), null) ?? _extras!;

    private sealed class Extras
    {
#pragma warning disable SA1401 // Fields, so that they can be set with Interlocked.
        public StoreLease? Lease;
        public object? AwaitTask;
#pragma warning restore SA1401

        public List<TaskRecord>? Children { get; set; }

        /// <summary>The task that submitted this one while this one has not ended (written under the parent's lock).</summary>
        public TaskRecord? Parent { get; set; }

        /// <summary>This task's place in its parent's <see cref="Children"/> (kept under the parent's lock).</summary>
        public int ChildIndex { get; set; }

        public CancellationTokenSource? Cancellation { get; set; }

        public TaskContext? Context { get; set; }

        /// <summary>The worker process that runs (or ran) the current attempt, 0 for none (written by the attempt's thread).</summary>
        public int WorkerProcessId { get; set; }
    }
}
