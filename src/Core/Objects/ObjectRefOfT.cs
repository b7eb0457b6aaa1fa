using System.Runtime.CompilerServices;

using GpuRay.Errors;
using GpuRay.Functions;

namespace GpuRay.Objects;

/// <summary>A typed future for an object in the store. Await it, or Get it through the runtime.</summary>
/// <typeparam name="T">The object's type.</typeparam>
/// <remarks>
/// Awaiting never blocks a thread; continuations run where the awaiting code's context sends them: on the thread pool
/// outside tasks, and on the task's own thread inside an async remote function. A task's ref is the task itself, of a
/// type derived from this one inside GpuRay; no other code can derive from it.
/// </remarks>
public class ObjectRef<T> : ObjectRef
{
    private T _value = default!;

    /// <summary>A Put object's ref.</summary>
    internal ObjectRef(long id)
        : base(id, null)
    {
    }

    /// <summary>The ref of a task of <paramref name="function"/>: the task itself.</summary>
    private protected ObjectRef(long id, RemoteFunction function)
        : base(id, function)
    {
    }

    /// <inheritdoc/>
    public override Type ValueType => typeof(T);

    internal override object? BoxedValue => _value;

    /// <summary>Awaits the object: its value, or its error (a task failure, a cancellation).</summary>
    public TaskAwaiter<T> GetAwaiter()
    {
        Task<T> task = AsTask();

        // Inside an async remote function, the task lends its CPU while it waits for a ref that is not ready.
        AsyncBody.NoteAwaitedRef(task);
        return task.GetAwaiter();
    }

    /// <summary>A task that completes with the object's value or error. Allocated once per ref.</summary>
    public Task<T> AsTask()
    {
        MarkObserved();
        if (AwaitTask is Task<T> existing)
        {
            return existing;
        }

        Task<T> task;
        if (State == ObjectState.Ready && TryReadValue(out T value))
        {
            task = Task.FromResult(value);
        }
        else
        {
            var source = new CompletionSource(this);
            task = source.Task;
            if (!TryAddWaiter(source))
            {
                source.OnObjectCompleted(this);
            }
        }

        return (Task<T>)PublishAwaitTask(task);
    }

    /// <summary>The value of a complete object, or its error thrown; call only once the object is complete.</summary>
    internal T GetCompletedValue()
    {
        if (!TryReadValue(out T value))
        {
            ThrowIfFailed();
        }

        return value;
    }

    /// <summary>The value's size as the store counts it; 0 unless the object is ready (for the state API).</summary>
    internal override long MeasureValue() => TryReadValue(out T value) && State == ObjectState.Ready ? ObjectSizer.SizeOf(value) : 0;

    /// <summary>
    /// Frees the object (<see cref="GpuRayRuntime.Free(IEnumerable{ObjectRef})"/>): a ready one drops its value and gives
    /// the store its bytes back; a pending one fails now, and its task runs on and its result is dropped when it arrives,
    /// as after a cancel that raced the task's end. False when it had failed already or was freed before.
    /// </summary>
    internal override bool FreeValue()
    {
        var freed = new ObjectFreedException(Id, Producing?.TaskName);
        if (TryFailDroppingValue(freed, null))
        {
            return true;
        }

        // Its completer may be between its claim and its outcome: that is a few instructions.
        var spin = default(SpinWait);
        while (!IsCompleted)
        {
            spin.SpinOnce();
        }

        if (!TryMarkFreed(freed))
        {
            return false;
        }

        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            _value = default!;
        }

        ReleaseLease();
        return true;
    }

    /// <summary>
    /// Reads the value; false when the object failed or was freed, before or during the read. Free writes its failed
    /// state, fences and only then clears the value, so a read that finds the value cleared finds the state failed
    /// after it: a reference is read with acquire semantics, a struct holding references is fenced.
    /// </summary>
    private bool TryReadValue(out T value)
    {
        if (State == ObjectState.Failed)
        {
            value = default!;
            return false;
        }

        if (!RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            // Free leaves such a value in place (it owns no memory of its own).
            value = _value;
        }
        else if (!typeof(T).IsValueType)
        {
            object? read = Volatile.Read(ref Unsafe.As<T, object?>(ref _value));
            value = Unsafe.As<object?, T>(ref read);
        }
        else
        {
            value = _value;
            Interlocked.MemoryBarrier();
        }

        if (State == ObjectState.Failed)
        {
            value = default!;
            return false;
        }

        return true;
    }

    /// <summary>
    /// Keeps a task's value in the ref before it is published (readers look at it only once the state says Ready),
    /// so that the task record needs no field of its own for it.
    /// </summary>
    internal void StageValue(T value)
    {
        if (!IsClaimed)
        {
            _value = value;
        }
    }

    /// <summary>
    /// Fails the ref, dropping a value its task staged (and giving the store its bytes back) before the failure is
    /// published, so that a caller woken by the failure finds neither; false when the ref was completed already.
    /// </summary>
    internal bool TryFailDroppingValue(Exception error, UnobservedErrorSentinel? sentinel)
    {
        if (!TryBeginComplete())
        {
            if (sentinel is not null)
            {
                // Lost the race: this error is never shown, so it must not be logged as unhandled either.
                sentinel.Observed = true;
            }

            return false;
        }

        _value = default!;
        ReleaseLease();
        return TryComplete(error, sentinel, claimed: true);
    }

    /// <summary>Publishes the staged value; false when the ref was completed otherwise (failed, cancelled).</summary>
    internal bool TryPublishStagedValue()
    {
        if (!TryBeginComplete())
        {
            // Failed or cancelled meanwhile (nothing else completes a task's ref): the staged value must not stay
            // reachable from the failed ref.
            _value = default!;
            ReleaseLease();
            return false;
        }

        return TryComplete(null, claimed: true);
    }

    /// <summary>Sets the value of a Put; only the producer calls it, once. The state's volatile write publishes it.</summary>
    internal bool TrySetValue(T value)
    {
        StageValue(value);
        return TryPublishStagedValue();
    }

    private sealed class CompletionSource(ObjectRef<T> owner)
        : TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously), IObjectWaiter
    {
        public void OnObjectCompleted(ObjectRef completed)
        {
            if (owner.TryReadValue(out T value))
            {
                TrySetResult(value);
            }
            else
            {
                owner.MarkObserved();
                TrySetException(owner.Error!);
            }
        }
    }
}
