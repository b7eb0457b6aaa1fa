using GpuRay.Errors;
using GpuRay.Objects;

namespace GpuRay;

public sealed partial class GpuRayRuntime
{
    /// <summary>Stores a value once, so that many tasks can share it by ref. Zero-copy: the value is not cloned.</summary>
    /// <remarks>The value is immutable by contract: neither the caller nor the tasks may change it after Put.</remarks>
    /// <exception cref="ObjectStoreFullException">The value does not fit in the store's limit; the message gives both.</exception>
    /// <exception cref="ArgumentException">The value is a ref, or an array or collection of refs (as Ray refuses a ref).</exception>
    public ObjectRef<T> Put<T>(T value)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        PutValueCheck.ThrowIfRefs(value);
        var reference = new ObjectRef<T>(Interlocked.Increment(ref _nextId));
        Store.Track(reference, ObjectSizer.SizeOf(value));
        reference.TrySetValue(value);
        return reference;
    }

    /// <summary>Blocks until the object is ready and returns it. Inside a task, the task's CPU is lent out meanwhile.</summary>
    /// <param name="reference">The ref.</param>
    /// <param name="timeout">How long to wait; null waits without limit.</param>
    /// <exception cref="TaskFailedException">The task failed; its exception is the inner exception.</exception>
    /// <exception cref="TaskCancelledException">The task was cancelled.</exception>
    /// <exception cref="GetTimeoutException">The timeout passed first.</exception>
    public T Get<T>(ObjectRef<T> reference, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        timeout = NormalizeTimeout(timeout);
        if (!reference.IsCompleted && timeout is null && reference.Producer is { } producer)
        {
            // A task nobody has started yet runs here, as Task.Wait does, without setting up a wait first.
            Scheduler.TryRunInline(producer);
        }

        if (!reference.IsCompleted)
        {
            WaitForAll([reference], timeout);
        }

        return reference.GetCompletedValue();
    }

    /// <summary>Blocks until every object is ready and returns them in the order of the refs.</summary>
    /// <param name="references">The refs.</param>
    /// <param name="timeout">How long to wait for all of them; null waits without limit.</param>
    /// <remarks>Throws the first failure it sees, without waiting for the rest.</remarks>
    /// <exception cref="TaskFailedException">A task failed; its exception is the inner exception.</exception>
    /// <exception cref="TaskCancelledException">A task was cancelled.</exception>
    /// <exception cref="GetTimeoutException">The timeout passed first; the message names the pending tasks.</exception>
    public T[] Get<T>(IEnumerable<ObjectRef<T>> references, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(references);

        // The caller is blocked here, so an array is read in place: a million refs are not copied first.
        ObjectRef<T>[] refs = references as ObjectRef<T>[] ?? [.. references];
        timeout = NormalizeTimeout(timeout);
        if (refs.Length == 0)
        {
            return [];
        }

        WaitForAll(refs, timeout);
        var values = new T[refs.Length];
        for (int i = 0; i < refs.Length; i++)
        {
            values[i] = refs[i].GetCompletedValue();
        }

        return values;
    }

    /// <summary>Awaits every object and returns them in the order of the refs; throws the first failure it sees.</summary>
    /// <exception cref="TaskFailedException">A task failed.</exception>
    /// <exception cref="TaskCancelledException">A task was cancelled.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled (the tasks keep running).</exception>
    public async Task<T[]> GetAsync<T>(IEnumerable<ObjectRef<T>> references, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        ObjectRef<T>[] refs = [.. references];
        if (refs.Length == 0)
        {
            return [];
        }

        var counter = new CompletionCounter(refs.Length, stopAtFailure: true);
        int watched = counter.Watch(refs);

        // Inside an async remote function, the task lends its CPU while it waits for these.
        Functions.AsyncBody.NoteAwaitedRef(counter.Done.Task);
        try
        {
            await counter.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!counter.AllCompleted)
            {
                counter.Unwatch(refs, watched);
            }
        }

        counter.Failure?.ThrowIfFailed();
        var values = new T[refs.Length];
        for (int i = 0; i < refs.Length; i++)
        {
            values[i] = refs[i].GetCompletedValue();
        }

        return values;
    }

    /// <summary>Awaits one object.</summary>
    public Task<T> GetAsync<T>(ObjectRef<T> reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        Task<T> task = reference.AsTask();
        Functions.AsyncBody.NoteAwaitedRef(task);
        return task;
    }

    /// <summary>
    /// Waits until <paramref name="numReturns"/> of the refs have finished (ready or failed) or the timeout passes,
    /// and splits them into ready and not ready, each in input order. It never throws a task's error.
    /// </summary>
    /// <param name="references">Distinct refs.</param>
    /// <param name="numReturns">How many finished refs to wait for, 1..count.</param>
    /// <param name="timeout">How long to wait; null waits without limit.</param>
    /// <returns>At most <paramref name="numReturns"/> ready refs, and the rest; for no refs, two empty lists at once (whatever numReturns).</returns>
    /// <exception cref="ArgumentException">A ref appears twice.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numReturns"/> is outside 1..count.</exception>
    public WaitResult<TRef> Wait<TRef>(IReadOnlyList<TRef> references, int numReturns = 1, TimeSpan? timeout = null)
        where TRef : ObjectRef
    {
        ArgumentNullException.ThrowIfNull(references);
        if (references.Count == 0)
        {
            return WaitResult<TRef>.Empty;
        }

        ValidateWait(references, numReturns);
        timeout = NormalizeTimeout(timeout);
        int finished = references.Count(r => r.IsCompleted);
        if (finished < numReturns)
        {
            var counter = new CompletionCounter(numReturns, stopAtFailure: false);
            counter.Watch(references);
            try
            {
                if (!counter.Done.Task.IsCompleted)
                {
                    Scheduler.Block(() => counter.Done.Task.Wait(timeout ?? Timeout.InfiniteTimeSpan));
                }
            }
            finally
            {
                counter.Unwatch(references);
            }
        }

        return Split(references, numReturns);
    }

    /// <summary>The asynchronous form of <see cref="Wait{TRef}"/>.</summary>
    /// <exception cref="ArgumentException">A ref appears twice.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numReturns"/> is outside 1..count.</exception>
    public async Task<WaitResult<TRef>> WaitAsync<TRef>(
        IReadOnlyList<TRef> references, int numReturns = 1, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        where TRef : ObjectRef
    {
        ArgumentNullException.ThrowIfNull(references);
        if (references.Count == 0)
        {
            return WaitResult<TRef>.Empty;
        }

        ValidateWait(references, numReturns);
        timeout = NormalizeTimeout(timeout);
        var counter = new CompletionCounter(numReturns, stopAtFailure: false);
        counter.Watch(references);
        Functions.AsyncBody.NoteAwaitedRef(counter.Done.Task);
        try
        {
            await counter.Done.Task.WaitAsync(timeout ?? Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The timeout passed: return what is ready.
        }
        finally
        {
            counter.Unwatch(references);
        }

        return Split(references, numReturns);
    }

    /// <summary>
    /// Yields the refs as they complete (ready or failed), first finished first: Ray's
    /// <c>while pending: ready, pending = ray.wait(pending)</c> loop as one foreach. Blocks between items.
    /// </summary>
    /// <remarks>Each ref is yielded once; reading a failed ref's value throws its error, so one failure does not stop the loop.</remarks>
    public IEnumerable<ObjectRef<T>> AsCompleted<T>(IEnumerable<ObjectRef<T>> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        ObjectRef<T>[] refs = [.. references];
        return Iterate();

        IEnumerable<ObjectRef<T>> Iterate()
        {
            var queue = new CompletionQueue();
            foreach (ObjectRef<T> reference in refs)
            {
                if (!reference.TryAddWaiter(queue))
                {
                    queue.OnObjectCompleted(reference);
                }
            }

            for (int i = 0; i < refs.Length; i++)
            {
                if (!queue.TryTake(out ObjectRef completed))
                {
                    Scheduler.Block(() => completed = queue.Take());
                }

                yield return (ObjectRef<T>)completed;
            }
        }
    }

    /// <summary>
    /// Cancels the task behind a ref: a queued task never runs, a running one sees its token signalled; Get then
    /// throws <see cref="TaskCancelledException"/>. Tasks that depend on it fail the same way. A finished task, or
    /// a Put object, is left alone.
    /// </summary>
    /// <param name="reference">The task's result ref.</param>
    /// <param name="recursive">Also cancel the tasks this task has submitted.</param>
    public void Cancel(ObjectRef reference, bool recursive = true)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Producer is { } task)
        {
            Scheduler.Cancel(task, recursive);
        }
    }

    private static void ValidateWait<TRef>(IReadOnlyList<TRef> references, int numReturns)
        where TRef : ObjectRef
    {
        var seen = new HashSet<ObjectRef>(ReferenceEqualityComparer.Instance);
        foreach (TRef reference in references)
        {
            ArgumentNullException.ThrowIfNull(reference, nameof(references));
            if (!seen.Add(reference))
            {
                throw new ArgumentException($"Wait got {reference} twice; each ref may appear once.", nameof(references));
            }
        }

        if (numReturns < 1 || numReturns > references.Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(numReturns), numReturns, $"Invalid numReturns {numReturns}: valid values are 1..{references.Count} (the number of refs).");
        }
    }

    private static WaitResult<TRef> Split<TRef>(IReadOnlyList<TRef> references, int numReturns)
        where TRef : ObjectRef
    {
        var ready = new List<TRef>(numReturns);
        var notReady = new List<TRef>(references.Count);
        foreach (TRef reference in references)
        {
            (ready.Count < numReturns && reference.IsCompleted ? ready : notReady).Add(reference);
        }

        return new WaitResult<TRef>(ready, notReady);
    }

    /// <summary>
    /// Waits until every ref is complete or one fails. Pending tasks that nobody has started yet may run inline on
    /// this thread (as Task.Wait does), which keeps deep recursive fan-outs on few threads and makes a round trip
    /// cheap.
    /// </summary>
    private void WaitForAll(ObjectRef[] refs, TimeSpan? timeout)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();

        // One pass registers on the pending refs and finds a failure among the completed ones (in order).
        var counter = new CompletionCounter(refs.Length, stopAtFailure: true);
        int watched = counter.Watch(refs);
        bool done = counter.Done.Task.IsCompleted;
        try
        {
            // Inline only where it cannot hide a failure or a timeout: without a timeout, and for one ref or inside
            // a task; stop as soon as a failure is known.
            if (!done && timeout is null && (refs.Length == 1 || ObjectRef.Current is not null))
            {
                foreach (ObjectRef reference in refs)
                {
                    if (counter.Done.Task.IsCompleted)
                    {
                        break;
                    }

                    if (reference.Producer is { } producer)
                    {
                        Scheduler.TryRunInline(producer);
                    }
                }
            }

            done = counter.Done.Task.IsCompleted;
            if (!done)
            {
                TimeSpan left = timeout is { } limit
                    ? TimeSpan.FromTicks(Math.Max(0, (limit - System.Diagnostics.Stopwatch.GetElapsedTime(start)).Ticks))
                    : Timeout.InfiniteTimeSpan;
                Scheduler.Block(() => done = counter.Done.Task.Wait(left));
            }
        }
        finally
        {
            // After a normal end every ref has let go of the counter: no second pass over a million refs.
            if (!counter.AllCompleted)
            {
                counter.Unwatch(refs, watched);
            }
        }

        if (!done)
        {
            throw new GetTimeoutException(timeout!.Value, [.. refs.Where(r => !r.IsCompleted).Select(r => r.Describe())]);
        }

        counter.Failure?.ThrowIfFailed();
    }

    /// <summary>Null waits without limit; so does <see cref="Timeout.InfiniteTimeSpan"/>. Other negative values are rejected.</summary>
    private static TimeSpan? NormalizeTimeout(TimeSpan? timeout)
    {
        if (timeout is not { } value || value == Timeout.InfiniteTimeSpan)
        {
            return null;
        }

        if (value < TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(
                nameof(timeout), value, $"Invalid timeout {value}: valid values are 0 to {int.MaxValue} ms, Timeout.InfiniteTimeSpan, or null to wait without limit.");
        }

        return value;
    }
}
