using GpuRay.Objects;

namespace GpuRay.Functions;

/// <summary>
/// Runs a streaming function's producer as one task: each item goes to the task's stream as it is produced, and the
/// task ends when the producer does (its result is the number of items). An async producer runs as an async body does
/// (<see cref="AsyncBody"/>): on the task's thread, holding its resources across its awaits.
/// </summary>
internal static class StreamBody
{
    /// <summary>The item type of a stream function's result (<c>IEnumerable&lt;T&gt;</c> or <c>IAsyncEnumerable&lt;T&gt;</c>), or null.</summary>
    public static Type? ItemTypeOf(Type result) =>
        result.IsGenericType && result.GetGenericTypeDefinition() is { } definition
        && (definition == typeof(IEnumerable<>) || definition == typeof(IAsyncEnumerable<>))
            ? result.GetGenericArguments()[0]
            : null;

    public static long Run<T>(Func<IEnumerable<T>> producer)
    {
        (StreamBuffer<T> buffer, CancellationToken cancellation) = Begin<T>();
        long count = 0;
        foreach (T item in producer() ?? throw new InvalidOperationException("The stream function returned null."))
        {
            buffer.Add(item, cancellation);
            count++;
        }

        return count;
    }

    public static long Run<T>(Func<IAsyncEnumerable<T>> producer)
    {
        (StreamBuffer<T> buffer, CancellationToken cancellation) = Begin<T>();
        return AsyncBody.Run(() => PumpAsync(producer() ?? throw new InvalidOperationException("The stream function returned null."), buffer, cancellation));
    }

    private static async Task<long> PumpAsync<T>(IAsyncEnumerable<T> source, StreamBuffer<T> buffer, CancellationToken cancellation)
    {
        long count = 0;
        await foreach (T item in source.WithCancellation(cancellation))
        {
            await buffer.AddAsync(item, cancellation);
            count++;
        }

        return count;
    }

    private static (StreamBuffer<T> Buffer, CancellationToken Cancellation) Begin<T>()
    {
        TaskRecord task = ObjectRef.Current ?? throw new InvalidOperationException("A stream's producer runs only as its task.");
        var buffer = (StreamBuffer<T>)StreamSinks.Of(task);
        buffer.BeginAttempt();
        return (buffer, task.CancellationToken);
    }
}
