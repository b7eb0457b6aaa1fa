using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace GpuRay.Workers;

/// <summary>
/// In a worker: runs a stream's producer and writes each item to the driver as soon as it is produced (an Item frame),
/// so that the driver's stream has it while the call still runs. The driver answers each call with a Result frame (the
/// number of items) or an Error frame after the items.
/// </summary>
internal static class WorkerStreamWriter
{
    private static readonly MethodInfo WriteAsyncItemsMethod =
        typeof(WorkerStreamWriter).GetMethod(nameof(WriteAsyncItems), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Writes every item of <paramref name="producer"/> and returns how many there were.</summary>
    public static long WriteItems(WorkerTarget target, object? producer, Stream pipe)
    {
        Type itemType = target.ItemType!;
        long count = 0;
        void Write(object? item)
        {
            count++;
            WorkerSerializer.CheckDeclaredType(item, itemType, $"item {count} of stream '{target.Function}'");
            WorkerFrames.WriteRaw(pipe, WorkerFrameKind.Item, JsonSerializer.SerializeToUtf8Bytes(item, itemType, WorkerSerializer.Options));
        }

        switch (producer)
        {
            case null:
                throw new InvalidOperationException($"Stream '{target.Function}' returned null.");
            case IEnumerable items when !target.ReturnType.IsGenericType || target.ReturnType.GetGenericTypeDefinition() == typeof(IEnumerable<>):
                foreach (object? item in items)
                {
                    Write(item);
                }

                break;
            default:
                WriteAsyncItemsMethod.MakeGenericMethod(itemType)
                    .Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, [producer, (Action<object?>)Write], culture: null);
                break;
        }

        return count;
    }

    /// <summary>An async producer, driven from the worker's call thread (a worker runs one call at a time, with no context to return to).</summary>
    private static void WriteAsyncItems<T>(IAsyncEnumerable<T> items, Action<object?> write)
    {
        IAsyncEnumerator<T> enumerator = items.GetAsyncEnumerator();
        try
        {
            while (enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                write(enumerator.Current);
            }
        }
        finally
        {
            enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
