using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text.Json;

using GpuRay.Errors;

namespace GpuRay.Workers;

/// <summary>One worker process, as the driver holds it: one call at a time, over its standard input and output.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private int _killed;

    private WorkerProcess(Process process, int processId)
    {
        _process = process;
        ProcessId = processId;
        _input = process.StandardInput.BaseStream;
        _output = process.StandardOutput.BaseStream;
    }

    public int ProcessId { get; }

    /// <summary>False once the process has exited, was killed, or left the protocol.</summary>
    public bool IsUsable => Volatile.Read(ref _killed) == 0 && !_process.HasExited;

    /// <summary>Starts a worker and waits for its greeting.</summary>
    /// <exception cref="WorkerStartException">It could not be started, or did not greet within <paramref name="timeout"/>.</exception>
    public static WorkerProcess Start(TimeSpan timeout)
    {
        Process process;
        try
        {
            process = Process.Start(WorkerLaunch.Create()) ?? throw new InvalidOperationException("Process.Start returned no process.");
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            throw new WorkerStartException($"A GpuRay worker process could not be started: {ex.Message}", ex);
        }

        Task<WorkerHello?> greeting = Task.Run(() => ReadHello(process.StandardOutput.BaseStream));
        bool greeted = false;
        try
        {
            if (!greeting.Wait(timeout))
            {
                throw new WorkerStartException($"A GpuRay worker process (pid {process.Id}) did not report ready within {timeout.TotalSeconds:0.#} s.");
            }

            WorkerHello hello = greeting.Result ?? throw new WorkerStartException(
                $"A GpuRay worker process (pid {process.Id}) exited before it was ready{ExitText(process)}. Its standard error (shared with this process) says why.");
            greeted = true;
            return new WorkerProcess(process, hello.ProcessId);
        }
        catch (AggregateException ex) when (ex.InnerException is not null)
        {
            throw new WorkerStartException($"A GpuRay worker process (pid {process.Id}) did not start cleanly: {ex.InnerException.Message}", ex.InnerException);
        }
        finally
        {
            if (!greeted)
            {
                KillQuietly(process);
                process.Dispose();
            }
        }
    }

    /// <summary>Runs one call and returns its result, converted back from JSON.</summary>
    /// <exception cref="WorkerCrashedException">The worker exited during the call (it is not usable any more).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was signalled; the worker was killed.</exception>
    /// <remarks>An exception the call threw is thrown here, rebuilt as its own type where this process can.</remarks>
    public object? Invoke(WorkerTarget target, WorkerRequest request, CancellationToken cancellation, Action<int>? sent = null)
    {
        using CancellationTokenRegistration stop = cancellation.UnsafeRegister(static w => ((WorkerProcess)w!).Kill(), this);
        WorkerFrameKind kind;
        byte[] payload;
        bool read;
        try
        {
            WorkerFrames.Write(_input, WorkerFrameKind.Run, request);
            sent?.Invoke(ProcessId);
            read = WorkerFrames.TryRead(_output, out kind, out payload);
        }
        catch (IOException)
        {
            (read, kind, payload) = (false, default, []);
        }

        cancellation.ThrowIfCancellationRequested();
        if (!read)
        {
            Kill();
            throw new WorkerCrashedException(
                $"The GpuRay worker process (pid {ProcessId}) running task '{request.Function}' exited during the call{ExitText(_process)}.");
        }

        switch (kind)
        {
            case WorkerFrameKind.Result:
                return JsonSerializer.Deserialize(payload, target.ReturnType, WorkerSerializer.Options);
            case WorkerFrameKind.Error:
                ExceptionDispatchInfo.Throw(WorkerErrors.Rebuild(WorkerFrames.Parse<WorkerFailure>(payload)));
                return null;
            default:
                Kill();
                throw new WorkerCrashedException($"The GpuRay worker process (pid {ProcessId}) answered with a frame of kind {kind}; it was stopped.");
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

    /// <summary>Closes the worker's input, so that it exits on its own; kills it if it has not within a moment.</summary>
    public void Dispose()
    {
        try
        {
            _input.Dispose();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                Kill();
            }
        }
        catch (IOException)
        {
            Kill();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static WorkerHello? ReadHello(Stream output) =>
        WorkerFrames.TryRead(output, out WorkerFrameKind kind, out byte[] payload)
            ? kind == WorkerFrameKind.Ready ? WorkerFrames.Parse<WorkerHello>(payload) : throw new InvalidDataException($"The first frame was of kind {kind}, not Ready.")
            : null;

    private static string ExitText(Process process)
    {
        try
        {
            return process.WaitForExit(TimeSpan.FromSeconds(2)) ? $" with exit code {process.ExitCode}" : string.Empty;
        }
        catch (InvalidOperationException)
        {
            return string.Empty;
        }
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }
}
