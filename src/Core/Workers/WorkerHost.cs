using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace GpuRay.Workers;

/// <summary>
/// The loop a worker process runs: read a call, run it on this thread, write its result or its exception, until the
/// driver closes the worker's standard input. A worker never outlives its driver: the end of its input (the driver
/// exited, was killed, or let the worker go) ends the process even in the middle of a call.
/// </summary>
/// <remarks>
/// Calls run one at a time, so a task has the worker's heap and garbage collector to itself. What the task's code
/// writes to the console goes to standard error, which the worker shares with the driver: standard output carries
/// the frames.
/// </remarks>
internal static class WorkerHost
{
    /// <summary>Serves calls from <paramref name="input"/> to <paramref name="output"/> until the driver closes the input.</summary>
    /// <param name="input">The driver's frames.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="driverGone">
    /// Called on the reader thread as soon as the input ends, even while a call runs: a worker whose driver has exited
    /// (or was killed) has no one to answer to, and the startup hook exits the process here.
    /// </param>
    public static void Run(Stream input, Stream output, Action driverGone)
    {
        using var calls = new BlockingCollection<byte[]>();
        var reader = new Thread(() =>
        {
            try
            {
                while (WorkerFrames.TryRead(input, out WorkerFrameKind kind, out byte[] payload))
                {
                    if (kind != WorkerFrameKind.Run)
                    {
                        throw new InvalidDataException($"A worker got a frame of kind {kind}; it expects calls only.");
                    }

                    calls.Add(payload);
                }
            }
            finally
            {
                calls.CompleteAdding();
                driverGone();
            }
        })
        {
            IsBackground = true,
            Name = "GpuRay worker input",
        };

        WorkerFrames.Write(output, WorkerFrameKind.Ready, new WorkerHello(Environment.ProcessId));
        reader.Start();
        var targets = new Dictionary<(string, int), (WorkerTarget Target, object? Instance)>();
        foreach (byte[] payload in calls.GetConsumingEnumerable())
        {
            byte[] result;
            try
            {
                WorkerRequest request = WorkerFrames.Parse<WorkerRequest>(payload);
                if (!targets.TryGetValue((request.Assembly, request.MetadataToken), out var entry))
                {
                    WorkerTarget resolved = WorkerTarget.Resolve(request);
                    entry = (resolved, resolved.CreateInstance());
                    targets.Add((request.Assembly, request.MetadataToken), entry);
                }

                result = Call(entry.Target, entry.Instance, request.Arguments);
            }
            catch (Exception ex)
            {
                Exception thrown = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
                WorkerFrames.Write(output, WorkerFrameKind.Error, new WorkerFailure(thrown.GetType().AssemblyQualifiedName!, thrown.Message, thrown.ToString()));
                continue;
            }

            WorkerFrames.WriteRaw(output, WorkerFrameKind.Result, result);
        }
    }

    private static byte[] Call(WorkerTarget target, object? instance, JsonElement[] arguments)
    {
        if (arguments.Length != target.ParameterTypes.Length)
        {
            throw new ArgumentException($"Remote function '{target.Function}' takes {target.ParameterTypes.Length} arguments; the call sent {arguments.Length}.");
        }

        object?[] values = new object?[arguments.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = arguments[i].Deserialize(target.ParameterTypes[i], WorkerSerializer.Options);
        }

        object? value = target.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, values, culture: null);
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(value, target.ReturnType, WorkerSerializer.Options);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw new InvalidOperationException($"The result of remote function '{target.Function}' could not be written as JSON: {ex.Message}", ex);
        }
    }
}
