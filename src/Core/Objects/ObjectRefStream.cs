using GpuRay.Functions;

namespace GpuRay.Objects;

/// <summary>
/// The items of a streaming task as refs, in the order it produces them, each available as soon as it is produced
/// (Ray's <c>ObjectRefGenerator</c>): <c>await foreach</c> it, or <c>foreach</c> it to block between items.
/// </summary>
/// <remarks>
/// <para>
/// Each item is a ready ref (Get, await, or pass it to other tasks). When the task fails, the stream yields one more
/// ref, at the item where it failed, whose Get throws the task's error; the items before it are intact. A cancelled
/// task's stream ends the same way, with a <see cref="Errors.TaskCancelledException"/>.
/// </para>
/// <para>
/// One reader: each item is yielded once, and an enumeration that stops early (a <c>break</c>) can be resumed by the
/// next. Inside a task, a reader that waits for the next item lends the task's CPU, as a Get does.
/// </para>
/// </remarks>
/// <typeparam name="T">The items' type.</typeparam>
public sealed class ObjectRefStream<T> : IAsyncEnumerable<ObjectRef<T>>
{
    private readonly TaskRecord _task;

    internal ObjectRefStream(TaskRecord task, StreamBuffer<T> buffer)
    {
        _task = task;
        Buffer = buffer;
    }

    /// <summary>The streaming task's id.</summary>
    public long Id => _task.Id;

    internal StreamBuffer<T> Buffer { get; }

    /// <summary>The streaming task (its ref completes, with the number of items, once the producer has ended).</summary>
    internal ObjectRef<long> Task => (ObjectRef<long>)_task;

    /// <summary>
    /// Cancels the streaming task, as <see cref="GpuRayRuntime.Cancel(ObjectRef, bool)"/> does: the producer's token is
    /// signalled and its next item stops it; the stream ends after the items already produced.
    /// </summary>
    /// <param name="recursive">Also cancel the tasks the producer has submitted.</param>
    public void Cancel(bool recursive = true)
    {
        if (_task.Producer is { } task)
        {
            task.Scheduler.Cancel(task, recursive);
        }
    }

    /// <summary>Yields the items as they are produced, waiting without a thread between them.</summary>
    /// <param name="cancellationToken">
    /// Cancels the stream's task as well as the wait: a stream has one reader, and nothing else would take what the
    /// producer makes.
    /// </param>
    public async IAsyncEnumerator<ObjectRef<T>> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                Cancel();
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (Buffer.TryTake(out ObjectRef<T>? item, out Task? more))
            {
                yield return item;
                continue;
            }

            if (more is null)
            {
                yield break;
            }

            // Inside an async remote function, the task lends its CPU while it waits for the producer.
            AsyncBody.NoteAwaitedRef(more);
            try
            {
                await more.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Cancel();
                throw;
            }
        }
    }

    /// <summary>Yields the items as they are produced, blocking between them (<c>foreach</c>).</summary>
    /// <remarks>Inside a task, the task's CPU is lent out while it waits, as in a blocking Get.</remarks>
    public IEnumerator<ObjectRef<T>> GetEnumerator()
    {
        while (true)
        {
            if (Buffer.TryTake(out ObjectRef<T>? item, out Task? more))
            {
                yield return item;
                continue;
            }

            if (more is null)
            {
                yield break;
            }

            _task.Function.Runtime.Scheduler.Block(more.Wait);
        }
    }

    /// <summary>The blocking enumeration as an <see cref="IEnumerable{T}"/> (for LINQ); it lends a task's CPU while it waits.</summary>
    public IEnumerable<ObjectRef<T>> ToBlockingEnumerable()
    {
        using IEnumerator<ObjectRef<T>> items = GetEnumerator();
        while (items.MoveNext())
        {
            yield return items.Current;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"ObjectRefStream({Id}, {_task.State})";
}
