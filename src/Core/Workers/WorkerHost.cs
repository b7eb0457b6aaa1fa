using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace GpuRay.Workers;

/// <summary>
/// The loop a worker process runs: read a call, run it on this thread, write its result or its exception, until the
/// driver closes the pipe. A worker never outlives its driver: the end of the pipe (the driver exited, was killed, or
/// let the worker go) ends the process even in the middle of a call.
/// </summary>
/// <remarks>
/// Calls run one at a time, so a task has the worker's heap and garbage collector to itself. The frames travel over a
/// pipe of their own; the console is the driver's, so what a task writes appears as it would in the driver.
/// </remarks>
internal static class WorkerHost
{
    /// <summary>The exit code of a worker whose kept arguments went out of step with the driver's books.</summary>
    internal const int OutOfStepExitCode = 70;

    private static bool s_resultFileFailed;

    /// <summary>Serves calls over <paramref name="pipe"/> until the driver closes it.</summary>
    /// <param name="pipe">The driver's pipe: calls in, results out.</param>
    /// <param name="driverGone">
    /// Called on the reader thread as soon as the input ends, even while a call runs: a worker whose driver has exited
    /// (or was killed) has no one to answer to, and the startup hook exits the process here.
    /// </param>
    public static void Run(Stream pipe, Action driverGone)
    {
        using var calls = new BlockingCollection<byte[]>();
        var reader = new Thread(() =>
        {
            try
            {
                while (WorkerFrames.TryRead(pipe, out WorkerFrameKind kind, out byte[] payload))
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

        WorkerFrames.Write(pipe, WorkerFrameKind.Ready, new WorkerHello(Environment.ProcessId));
        reader.Start();
        var targets = new Dictionary<(string, int), (WorkerTarget Target, object? Instance)>();

        // Large ref arguments the driver sent for later calls, by ref id: primitive arrays as arrays, the rest as JSON.
        // Each call reads its own copy.
        var kept = new Dictionary<long, WorkerArgument>();
        foreach (byte[] payload in calls.GetConsumingEnumerable())
        {
            WorkerFrameKind kind;
            byte[] result;
            try
            {
                WorkerRequest request = WorkerFrames.Parse<WorkerRequest>(payload);

                // First, so that what the driver booked is kept even when the call cannot be made.
                WorkerArgument[] arguments = ReadArguments(request, kept);
                if (!targets.TryGetValue((request.Assembly, request.MetadataToken), out var entry))
                {
                    WorkerTarget resolved = WorkerTarget.Resolve(request);
                    entry = (resolved, resolved.CreateInstance());
                    targets.Add((request.Assembly, request.MetadataToken), entry);
                }

                (kind, result) = Call(entry.Target, entry.Instance, arguments, request.ResultPath, pipe);
            }
            catch (Exception ex)
            {
                WorkerFrames.Write(pipe, WorkerFrameKind.Error, Describe(ex is TargetInvocationException { InnerException: { } inner } ? inner : ex, depth: 0));
                continue;
            }

            WorkerFrames.WriteRaw(pipe, kind, result);
        }
    }

    /// <summary>
    /// Reads the arguments from the request and from files in shared memory, keeps what the driver sends to be kept,
    /// fills in what it names by key, then lets go of what it evicts, as the driver booked it when it sent the request.
    /// A key this worker does not keep means the two are out of step: the worker exits, and the driver runs the call
    /// again in a fresh one.
    /// </summary>
    private static WorkerArgument[] ReadArguments(WorkerRequest request, Dictionary<long, WorkerArgument> kept)
    {
        var arguments = new WorkerArgument[request.Arguments.Length];
        long[] keys = request.RefIds ?? [];
        SharedValue?[] shared = request.Shared ?? [];
        for (int i = 0; i < arguments.Length; i++)
        {
            long key = i < keys.Length ? keys[i] : 0;
            arguments[i] = i < shared.Length && shared[i] is { } file
                ? WorkerArgument.FromFile(file, keep: key > 0)
                : new WorkerArgument(request.Arguments[i], null, null, Copy: false);
            if (key > 0)
            {
                kept[key] = arguments[i];
            }
        }

        for (int i = 0; i < keys.Length && i < arguments.Length; i++)
        {
            if (keys[i] < 0 && !kept.TryGetValue(-keys[i], out arguments[i]))
            {
                Console.Error.WriteLine($"GpuRay worker {Environment.ProcessId}: the driver named argument {i + 1} of remote function '{request.Function}' by a key this worker does not keep; exiting so that the call runs in a fresh worker.");
                Environment.Exit(OutOfStepExitCode);
            }
        }

        foreach (long key in request.Evict ?? [])
        {
            kept.Remove(key);
        }

        return arguments;
    }

    private static (WorkerFrameKind Kind, byte[] Payload) Call(WorkerTarget target, object? instance, WorkerArgument[] arguments, string? resultPath, Stream pipe)
    {
        if (arguments.Length != target.ParameterTypes.Length)
        {
            throw new ArgumentException($"Remote function '{target.Function}' takes {target.ParameterTypes.Length} arguments; the call sent {arguments.Length}.");
        }

        object?[] values = new object?[arguments.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = arguments[i].Read(target.ParameterTypes[i]);
        }

        object? value = target.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, values, culture: null);
        if (target.ItemType is not null)
        {
            return (WorkerFrameKind.Result, JsonSerializer.SerializeToUtf8Bytes(WorkerStreamWriter.WriteItems(target, value, pipe), WorkerSerializer.Options));
        }

        WorkerSerializer.CheckDeclaredType(value, target.ReturnType, $"the result of remote function '{target.Function}'");
        if (resultPath is not null && value is Array array && SharedValues.IsBinary(target.ReturnType) && TryWriteResult(resultPath, array) is { } shared)
        {
            return (WorkerFrameKind.SharedResult, JsonSerializer.SerializeToUtf8Bytes(shared, WorkerSerializer.Options));
        }

        try
        {
            return (WorkerFrameKind.Result, JsonSerializer.SerializeToUtf8Bytes(value, target.ReturnType, WorkerSerializer.Options));
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw new InvalidOperationException($"The result of remote function '{target.Function}' could not be written as JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Writes a large array result where the driver asked, or returns null: it goes as JSON (said once per worker when the file fails).</summary>
    private static SharedValue? TryWriteResult(string path, Array array)
    {
        long bytes = SharedValues.ByteLength(array);
        if (bytes < WorkerProcess.SharedMinBytes)
        {
            return null;
        }

        try
        {
            SharedValues.WriteFile(path, SharedValues.BytesOf(array));
            return new SharedValue(path, (int)bytes, Type.GetTypeCode(array.GetType().GetElementType()));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (!s_resultFileFailed)
            {
                s_resultFileFailed = true;
                Console.Error.WriteLine($"GpuRay worker {Environment.ProcessId}: large results cannot use shared memory ({path}: {ex.Message}); they go through the pipe as JSON instead.");
            }

            return null;
        }
    }

    /// <summary>An exception as the driver rebuilds it, with its causes; an exception whose own text throws still gets described.</summary>
    private static WorkerFailure Describe(Exception exception, int depth)
    {
        string type = exception.GetType().AssemblyQualifiedName ?? exception.GetType().Name;
        string message = Safely(() => exception.Message, "(its Message threw)");
        string details = Safely(exception.ToString, $"{exception.GetType().FullName}: {message} (its ToString threw)");
        Exception[] causes = depth >= 8 ? []
            : exception is AggregateException aggregate ? [.. aggregate.InnerExceptions]
            : exception.InnerException is { } inner ? [inner]
            : [];
        return new WorkerFailure(type, message, details, causes.Length == 0 ? null : [.. causes.Select(c => Describe(c, depth + 1))]);
    }

    private static string Safely(Func<string> read, string fallback)
    {
        try
        {
            return read();
        }
        catch (Exception)
        {
            return fallback;
        }
    }
}
