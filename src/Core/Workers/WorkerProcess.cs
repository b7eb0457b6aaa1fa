using System.Diagnostics;
using System.IO.Pipes;
using System.Runtime.ExceptionServices;
using System.Text.Json;

using GpuRay.Errors;

namespace GpuRay.Workers;

/// <summary>One worker process, as the driver holds it: one call at a time, over a pipe of its own.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private static long s_started;
    private readonly Process _process;
    private readonly NamedPipeServerStream _pipe;

    // The call thread writes the books below without a lock; this one is for the state API's reads from other threads.
    private readonly Lock _books = new();
    private readonly WorkerStderr _stderr;
    private int _killed;
    private Dictionary<string, int>? _calls;
    private Dictionary<long, long>? _kept;
    private List<long>? _keptOrder;
    private long _keptBytes;

    private WorkerProcess(Process process, NamedPipeServerStream pipe, WorkerStderr stderr, int processId)
    {
        _process = process;
        _pipe = pipe;
        _stderr = stderr;
        ProcessId = processId;
    }

    public int ProcessId { get; }

    /// <summary>Ref arguments whose bytes (a primitive array's) or JSON are at least this large are kept by the worker for later calls.</summary>
    internal static int KeptArgumentMinBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Arguments and results whose bytes (a primitive array's) or JSON are at least this large travel as files in shared
    /// memory, not over the pipe; above <see cref="Array.MaxLength"/>, none do.
    /// </summary>
    internal static int SharedMinBytes { get; set; } = 64 * 1024;

    /// <summary>How many bytes of ref arguments (a primitive array's, or JSON) one worker keeps at most; the oldest go first.</summary>
    internal static long KeptArgumentLimitBytes { get; set; } = 256L << 20;

    /// <summary>How many ref arguments the worker keeps now (for tests).</summary>
    internal int KeptCount => _kept?.Count ?? 0;

    /// <summary>The size of the last request sent, in bytes (for tests).</summary>
    internal int LastRequestBytes { get; private set; }

    /// <summary>Whether the worker keeps the argument with this key (<see cref="KeptArguments.KeyOf"/>) from an earlier call.</summary>
    /// <remarks>Only the thread that holds the worker for a call reads and books, so no lock.</remarks>
    public bool Keeps(long key) => _kept?.ContainsKey(key) == true;

    /// <summary>
    /// Plans what the worker keeps after a request: the new arguments, and the oldest kept ones it lets go of to stay
    /// within <see cref="KeptArgumentLimitBytes"/>, never one that the request uses. Nothing changes until
    /// <see cref="Apply"/>, once the request is sent.
    /// </summary>
    public KeepPlan PlanKeeps(HashSet<long> used, List<(long Key, long Bytes)> toKeep)
    {
        long bytes = _keptBytes + toKeep.Sum(k => k.Bytes);
        List<long>? evict = null;
        foreach (long key in _keptOrder ?? [])
        {
            if (bytes <= KeptArgumentLimitBytes)
            {
                break;
            }

            if (!used.Contains(key))
            {
                bytes -= _kept![key];
                (evict ??= []).Add(key);
            }
        }

        return new KeepPlan(toKeep, evict?.ToArray());
    }

    /// <summary>Books a plan once its request has been sent.</summary>
    private void Apply(KeepPlan? plan)
    {
        if (plan is null)
        {
            return;
        }

        lock (_books)
        {
            ApplyBooked(plan);
        }
    }

    private void ApplyBooked(KeepPlan plan)
    {
        _kept ??= [];
        _keptOrder ??= [];
        foreach (long key in plan.Evict ?? [])
        {
            _keptBytes -= _kept[key];
            _kept.Remove(key);
            _keptOrder.Remove(key);
        }

        foreach ((long key, long bytes) in plan.Keep)
        {
            if (_kept.TryAdd(key, bytes))
            {
                _keptOrder.Add(key);
                _keptBytes += bytes;
            }
        }
    }

    /// <summary>Counts a call of a function (by its stable name) and returns how many this worker has run.</summary>
    /// <remarks>Only the thread that holds the worker for a call counts, so no lock.</remarks>
    public int CountCall(string function)
    {
        lock (_books)
        {
            _calls ??= new Dictionary<string, int>(StringComparer.Ordinal);
            int count = _calls.GetValueOrDefault(function) + 1;
            _calls[function] = count;
            return count;
        }
    }

    /// <summary>A copy of the worker's books: calls per function, and the keys and bytes of the arguments it keeps.</summary>
    public (Dictionary<string, int> Calls, HashSet<long> Kept, long KeptBytes) Books()
    {
        lock (_books)
        {
            return (
                _calls is null ? new(StringComparer.Ordinal) : new(_calls, StringComparer.Ordinal),
                _kept is null ? [] : [.. _kept.Keys],
                _keptBytes);
        }
    }

    /// <summary>False once the process has exited, was killed, or left the protocol.</summary>
    public bool IsUsable => Volatile.Read(ref _killed) == 0 && !_process.HasExited;

    /// <summary>Starts a worker and waits until it has connected and greeted.</summary>
    /// <exception cref="WorkerStartException">It could not be started, or did not greet within <paramref name="timeout"/>.</exception>
    public static WorkerProcess Start(TimeSpan timeout)
    {
        // Short: on Unix the pipe is a socket file whose whole path must fit in about 100 bytes.
        string name = $"gpuray-{Environment.ProcessId}-{Interlocked.Increment(ref s_started)}-{Random.Shared.Next():x}";
        var pipe = new NamedPipeServerStream(name, PipeDirection.InOut, 1, PipeTransmissionMode.Byte, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
        Process? process = null;
        try
        {
            try
            {
                process = Process.Start(WorkerLaunch.Create(name)) ?? throw new InvalidOperationException("Process.Start returned no process.");
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
            {
                throw new WorkerStartException($"A GpuRay worker process could not be started: {ex.Message}", ex);
            }

            WorkerStderr stderr = WorkerStderr.Attach(process);
            WorkerHello hello = Greet(pipe, process, stderr, timeout);
            var worker = new WorkerProcess(process, pipe, stderr, hello.ProcessId);
            (process, pipe) = (null, null!);
            return worker;
        }
        finally
        {
            if (process is not null)
            {
                KillQuietly(process);
                process.Dispose();
            }

            pipe?.Dispose();
        }
    }

    /// <summary>Runs one call and returns its result, converted back from JSON or read from the file the worker wrote it to.</summary>
    /// <exception cref="WorkerCrashedException">The worker exited during the call, or its pipe went out of step (it is not usable any more).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was signalled; the worker was killed.</exception>
    /// <remarks>
    /// An exception the call threw is thrown here, rebuilt as its own type where this process can. A streaming call's
    /// items go to <paramref name="onItem"/> as they arrive; while it waits (the stream's bound), this side reads no more
    /// and the worker goes on until the pipe's buffer is full.
    /// </remarks>
    public object? Invoke(WorkerTarget target, WorkerRequest request, CancellationToken cancellation, Action<int>? sent = null, KeepPlan? keeps = null, Action<byte[]>? onItem = null)
    {
        using CancellationTokenRegistration stop = cancellation.UnsafeRegister(static w => ((WorkerProcess)w!).Kill(), this);
        WorkerFrameKind kind;
        byte[] payload;
        try
        {
            byte[] frame = JsonSerializer.SerializeToUtf8Bytes(request, WorkerSerializer.Options);
            LastRequestBytes = frame.Length;
            WorkerFrames.WriteRaw(_pipe, WorkerFrameKind.Run, frame);

            // Sent: the worker keeps (and lets go of) what the request says, whatever the call does next.
            Apply(keeps);
            sent?.Invoke(ProcessId);
            if (!WorkerFrames.TryRead(_pipe, out kind, out payload))
            {
                throw new EndOfStreamException("The worker's pipe closed.");
            }

            while (kind == WorkerFrameKind.Item && onItem is not null)
            {
                TakeItem(onItem, payload);
                if (!WorkerFrames.TryRead(_pipe, out kind, out payload))
                {
                    throw new EndOfStreamException("The worker's pipe closed.");
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ObjectDisposedException or JsonException)
        {
            // Whatever the cause, this worker's stream is no longer one whose next frame answers the next call. Once it
            // has exited, it writes no file that the call's cleanup would miss.
            Kill();
            WaitForExit(_process);
            cancellation.ThrowIfCancellationRequested();
            string cause = ex is InvalidDataException or JsonException ? $"its pipe went out of step ({ex.Message})" : $"it exited during the call{WorkerExit.Describe(_process, _stderr)}";
            throw new WorkerCrashedException($"The GpuRay worker process (pid {ProcessId}) running task '{request.Function}' failed: {cause}.", ex);
        }

        cancellation.ThrowIfCancellationRequested();
        switch (kind)
        {
            case WorkerFrameKind.Result:
                return JsonSerializer.Deserialize(payload, target.ResultType, WorkerSerializer.Options);
            case WorkerFrameKind.SharedResult when WorkerFrames.Parse<SharedValue>(payload) is { } shared
                && shared.Path == request.ResultPath && shared.Element == Type.GetTypeCode(target.ReturnType.GetElementType()):
                return SharedValues.Read(shared);
            case WorkerFrameKind.Error:
                ExceptionDispatchInfo.Throw(WorkerErrors.Rebuild(WorkerFrames.Parse<WorkerFailure>(payload)));
                return null;
            default:
                Kill();
                throw new WorkerCrashedException($"The GpuRay worker process (pid {ProcessId}) answered with a frame of kind {kind}; it was stopped.");
        }
    }

    /// <summary>Hands on one streamed item; a refused item (the stream ended, say) leaves the worker mid-call, so it is stopped.</summary>
    private void TakeItem(Action<byte[]> onItem, byte[] payload)
    {
        try
        {
            onItem(payload);
        }
        catch
        {
            Kill();
            throw;
        }
    }

    /// <summary>Ends the process now (a cancelled task, a worker out of step).</summary>
    public void Kill()
    {
        if (Interlocked.Exchange(ref _killed, 1) == 0)
        {
            KillQuietly(_process);
        }
    }

    /// <summary>Closes the worker's pipe, so that it exits on its own; kills it if it has not within a moment.</summary>
    public void Dispose()
    {
        try
        {
            _pipe.Dispose();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                Kill();
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            Kill();
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>Waits for the worker to connect and greet, or to exit first, or for the timeout.</summary>
    private static WorkerHello Greet(NamedPipeServerStream pipe, Process process, WorkerStderr stderr, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        Task<WorkerHello?> greeting = ConnectAndGreetAsync(pipe, deadline.Token);
        Task exited = process.WaitForExitAsync(deadline.Token);

        // Whichever loses the race ends cancelled or faulted; neither may surface as an unobserved exception.
        _ = greeting.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        _ = exited.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        try
        {
            int first = Task.WaitAny([greeting, exited], timeout);
            if (first == 0 && greeting.IsCompletedSuccessfully && greeting.Result is { } hello)
            {
                return hello;
            }

            if (first == 0 && greeting.Exception is { InnerException: { } failure } && failure is not OperationCanceledException)
            {
                throw new WorkerStartException($"A GpuRay worker process (pid {process.Id}) did not start cleanly: {failure.Message}", failure);
            }

            throw first == -1 || deadline.IsCancellationRequested
                ? new WorkerStartException($"A GpuRay worker process (pid {process.Id}) did not report ready within {timeout.TotalSeconds:0.#} s.")
                : new WorkerStartException(
                    $"A GpuRay worker process (pid {process.Id}) exited before it was ready{WorkerExit.Describe(process, stderr)}.");
        }
        finally
        {
            deadline.Cancel();
        }
    }

    private static async Task<WorkerHello?> ConnectAndGreetAsync(NamedPipeServerStream pipe, CancellationToken cancellation)
    {
        await pipe.WaitForConnectionAsync(cancellation).ConfigureAwait(false);
        return await WorkerFrames.TryReadAsync(pipe, cancellation).ConfigureAwait(false) switch
        {
            null => null,
            (WorkerFrameKind.Ready, byte[] payload) => WorkerFrames.Parse<WorkerHello>(payload),
            (WorkerFrameKind kind, _) => throw new InvalidDataException($"The first frame was of kind {kind}, not Ready."),
        };
    }

    private static void WaitForExit(Process process)
    {
        try
        {
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Not started by this process any more, or already gone.
        }
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException or AggregateException)
        {
            // Already gone, or a child of the task could not be killed: the worker itself is what matters here.
        }
    }
}
