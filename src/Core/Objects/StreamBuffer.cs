using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

using GpuRay.Errors;
using GpuRay.Workers;

namespace GpuRay.Objects;

/// <summary>
/// What a streaming task has produced and its consumer has not taken yet: a ready ref per item, in order, then the end
/// (or a failed ref at the item where the task failed). One producer (the task's running attempt) and one consumer.
/// </summary>
/// <remarks>
/// <para>
/// Items count across attempts: a retried producer starts again from its first item, and the items an earlier attempt
/// delivered are skipped, so the consumer sees each item once (as in Ray).
/// </para>
/// <para>
/// With a bound, the producer waits after an item that leaves that many untaken, until the consumer takes one. While it
/// waits it keeps its CPU (a stream holds its resources until its producer ends, and the bound limits memory, not
/// work); the node is told that the thread waits, as for a call into a worker process.
/// </para>
/// </remarks>
/// <typeparam name="T">The items' type.</typeparam>
internal sealed class StreamBuffer<T>(GpuRayRuntime runtime, int bound) : IStreamSink, IObjectWaiter
{
    private readonly Lock _gate = new();
    private readonly Queue<ObjectRef<T>> _items = new();
    private long _delivered;
    private long _produced;
    private volatile bool _ended;
    private TaskCompletionSource? _itemWaiter;
    private TaskCompletionSource? _roomWaiter;

    /// <summary>A test seam: called when the producer is about to wait for the consumer (the bound is reached).</summary>
    internal Action? ProducerWaits { get; set; }

    /// <summary>Ends the stream when its task completes: at once when it has already.</summary>
    public void Watch(TaskRecord task)
    {
        if (!task.TryAddWaiter(this))
        {
            OnObjectCompleted(task);
        }
    }

    /// <inheritdoc/>
    public void BeginAttempt() => _produced = 0;

    /// <summary>Adds an item and returns once the producer may make the next one.</summary>
    /// <exception cref="OperationCanceledException">The stream has ended (its task was cancelled), or the wait was cancelled.</exception>
    public void Add(T item, CancellationToken cancellation)
    {
        if (Enqueue(item) is not { } room)
        {
            return;
        }

        ProducerWaits?.Invoke();
        Scheduling.Scheduler scheduler = runtime.Scheduler;
        scheduler.BeginOutsideWait();
        try
        {
            room.Wait(cancellation);
        }
        finally
        {
            scheduler.EndOutsideWait();
        }
    }

    /// <summary>Adds an item; completes once the producer may make the next one (an async producer waits without a thread).</summary>
    /// <exception cref="OperationCanceledException">The stream has ended, or the wait was cancelled.</exception>
    public async ValueTask AddAsync(T item, CancellationToken cancellation)
    {
        if (Enqueue(item) is { } room)
        {
            ProducerWaits?.Invoke();

            // On the task's own thread (its synchronization context), which keeps its CPU meanwhile.
            await room.WaitAsync(cancellation);
        }
    }

    /// <inheritdoc/>
    public void AddJson(byte[] payload, CancellationToken cancellation) =>
        Add(JsonSerializer.Deserialize<T>(payload, WorkerSerializer.Options)!, cancellation);

    /// <summary>
    /// Takes the next item; false with <paramref name="more"/> set means none yet (wait for it, then try again), and
    /// false with <paramref name="more"/> null means the stream has ended.
    /// </summary>
    public bool TryTake([NotNullWhen(true)] out ObjectRef<T>? item, out Task? more)
    {
        TaskCompletionSource? room = null;
        lock (_gate)
        {
            if (_items.TryDequeue(out item))
            {
                more = null;
                if (_roomWaiter is not null && HasRoom)
                {
                    (room, _roomWaiter) = (_roomWaiter, null);
                }
            }
            else
            {
                more = _ended ? null : (_itemWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }

        room?.TrySetResult();
        return item is not null;
    }

    /// <summary>The task completed: the stream ends, after a failed ref when the task failed or was cancelled.</summary>
    public void OnObjectCompleted(ObjectRef completed)
    {
        ObjectRef<T>? failure = null;
        if (completed.State == ObjectState.Failed)
        {
            // The stream stands for the task, whose own ref nobody else holds: its error is logged once, through the item.
            completed.MarkObserved();
            Exception error = completed.Error!;
            failure = new ObjectRef<T>(runtime.NextObjectIds(1));
            failure.TryFail(error, error is TaskCancelledException ? null : new UnobservedErrorSentinel(error, runtime.Logger));
        }

        TaskCompletionSource? item;
        TaskCompletionSource? room;
        lock (_gate)
        {
            _ended = true;
            if (failure is not null)
            {
                _items.Enqueue(failure);
            }

            (item, _itemWaiter) = (_itemWaiter, null);
            (room, _roomWaiter) = (_roomWaiter, null);
        }

        item?.TrySetResult();
        room?.TrySetResult();
    }

    private bool HasRoom => bound == 0 || _items.Count < bound;

    /// <summary>Queues a new item (or skips one an earlier attempt delivered); returns what to wait for before the next, or null.</summary>
    private Task? Enqueue(T item)
    {
        // Only the producer (one attempt at a time) writes the two counts, so they need no lock; the end is read again
        // under the lock below.
        ThrowIfEnded();
        if (++_produced <= _delivered)
        {
            return null;
        }

        // Made outside the lock: the store may collect garbage to make room for a large item.
        var reference = new ObjectRef<T>(runtime.NextObjectIds(1));
        runtime.Store.TrackResult(reference, item);
        reference.TrySetValue(item);

        TaskCompletionSource? wake;
        Task? room;
        lock (_gate)
        {
            ThrowIfEnded();
            _items.Enqueue(reference);
            _delivered++;
            (wake, _itemWaiter) = (_itemWaiter, null);
            room = HasRoom ? null : (_roomWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        wake?.TrySetResult();
        return room;
    }

    private void ThrowIfEnded()
    {
        if (_ended)
        {
            throw new OperationCanceledException("The stream has ended: its task was cancelled.");
        }
    }
}
