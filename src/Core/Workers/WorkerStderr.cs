using System.Diagnostics;

namespace GpuRay.Workers;

/// <summary>
/// A worker's standard error: passed on to this process's, line by line, and its last lines kept, so that a worker
/// that dies (a stack overflow, a native fault, a fail-fast) is reported with what the runtime printed as it went.
/// </summary>
internal sealed class WorkerStderr
{
    private const int KeptLines = 12;
    private readonly Queue<string> _last = new(KeptLines);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerStderr()
    {
    }

    /// <summary>Starts reading a process started with <see cref="ProcessStartInfo.RedirectStandardError"/>.</summary>
    public static WorkerStderr Attach(Process process)
    {
        var stderr = new WorkerStderr();
        process.ErrorDataReceived += (_, line) => stderr.OnLine(line.Data);
        process.BeginErrorReadLine();
        return stderr;
    }

    /// <summary>The last lines written, after waiting up to <paramref name="wait"/> for the stream to close (the process has exited).</summary>
    public IReadOnlyList<string> Tail(TimeSpan wait)
    {
        _closed.Task.Wait(wait);
        lock (_last)
        {
            return [.. _last];
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            _closed.TrySetResult();
            return;
        }

        // The console stays shared in effect: what a task writes to its standard error appears here as it did before.
        Console.Error.WriteLine(line);
        lock (_last)
        {
            if (_last.Count == KeptLines)
            {
                _last.Dequeue();
            }

            _last.Enqueue(line);
        }
    }
}
