using GpuRay.Errors;
using GpuRay.Objects;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GpuRay.Workers;

/// <summary>
/// The node's worker processes: started on demand (or ahead, by <see cref="Prestart"/>), one call at a time each, and
/// reused. A worker that crashed or was killed for a cancel is dropped; the next call starts a fresh one. A worker that
/// ran a function's <see cref="Options.TaskOptions.MaxCalls"/> calls leaves, and a replacement starts in the background.
/// </summary>
/// <remarks>
/// The scheduler bounds how many calls run at once (each task holds its CPUs), so the pool does not: it keeps at most
/// <see cref="MaxIdle"/> idle workers and stops the rest as they come back.
/// </remarks>
internal sealed class WorkerPool : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Stack<WorkerProcess> _idle = new();
    private readonly HashSet<WorkerProcess> _live = [];
    private readonly HashSet<Task> _retiring = [];
    private readonly TimeSpan _startTimeout;
    private bool _disposed;

    public WorkerPool(int maxIdle, TimeSpan startTimeout, ILogger? logger = null)
    {
        MaxIdle = maxIdle;
        _startTimeout = startTimeout;
        Regions = new SharedRegions(logger ?? NullLogger.Instance);
    }

    /// <summary>The folder in shared memory where this pool's large arguments and results travel.</summary>
    internal SharedRegions Regions { get; }

    public int MaxIdle { get; }

    /// <summary>Raised with the worker's process id once a call has been sent to it (tests use it to cancel a running call).</summary>
    internal event Action<int>? CallSent;

    /// <summary>
    /// The size of the last request sent, the bytes of its arguments that went through shared memory, and how many ref
    /// arguments its worker keeps (for tests; calls one at a time).
    /// </summary>
    internal (int RequestBytes, long SharedBytes, int KeptCount) LastCall { get; private set; }

    /// <summary>Workers alive now, idle or busy.</summary>
    public int LiveCount
    {
        get
        {
            lock (_lock)
            {
                return _live.Count;
            }
        }
    }

    /// <summary>Runs one call in a worker and returns its result.</summary>
    /// <exception cref="WorkerStartException">No worker could be started.</exception>
    /// <exception cref="WorkerCrashedException">The worker exited during the call.</exception>
    /// <exception cref="OperationCanceledException">The task was cancelled; its worker was killed.</exception>
    public object? Run(WorkerTarget target, ReadOnlySpan<object?> arguments, ReadOnlySpan<TaskRecord?> refs, CancellationToken cancellation, TaskRecord? task = null)
    {
        // Every file the call writes (or the worker writes for it) is deleted when it ends, however it ends.
        using CallRegions? regions = Regions.BeginCall();

        // Written before a worker is taken: an argument JSON cannot write fails the task without touching one. Ref
        // arguments are only checked here: they are written once the worker is known, which may keep them already.
        WorkerRequest request = target.CreateRequest(arguments, refs, regions);
        cancellation.ThrowIfCancellationRequested();
        WorkerProcess worker = Rent();
        if (task is not null)
        {
            // For the timeline: the attempt's row is the worker's, crash or not.
            task.WorkerProcessId = worker.ProcessId;
        }

        int maxCalls = task?.Function.Options.MaxCalls ?? 0;
        Action<byte[]>? onItem = target.ItemType is null ? null : StreamItems(task!, cancellation);
        try
        {
            (request, KeepPlan? keeps) = target.AddRefArguments(request, arguments, refs, worker, regions);
            return worker.Invoke(target, request, cancellation, CallSent, keeps, onItem);
        }
        finally
        {
            LastCall = (worker.LastRequestBytes, regions?.Bytes ?? 0, worker.KeptCount);
            int calls = task is null ? 0 : worker.CountCall(task.Function.Name);
            if (maxCalls > 0 && calls >= maxCalls)
            {
                Retire(worker);
            }
            else
            {
                Return(worker);
            }
        }
    }

    /// <summary>Where a streaming call's items go: its task's stream, from the attempt's first item.</summary>
    private static Action<byte[]> StreamItems(TaskRecord task, CancellationToken cancellation)
    {
        IStreamSink sink = StreamSinks.Of(task);
        sink.BeginAttempt();
        return payload => sink.AddJson(payload, cancellation);
    }

    /// <summary>The live workers and whether each is idle (for the state API).</summary>
    public List<(WorkerProcess Worker, bool Idle)> Snapshot()
    {
        lock (_lock)
        {
            var idle = new HashSet<WorkerProcess>(_idle);
            return [.. _live.Select(w => (w, idle.Contains(w)))];
        }
    }

    /// <summary>Starts workers until <paramref name="count"/> are idle (or live), in parallel.</summary>
    public void Prestart(int count)
    {
        int missing;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            missing = count - _live.Count;
        }

        if (missing <= 0)
        {
            return;
        }

        var started = new WorkerProcess?[missing];
        try
        {
            Parallel.For(0, missing, new ParallelOptions { MaxDegreeOfParallelism = missing }, i => started[i] = StartTracked());
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }
        finally
        {
            foreach (WorkerProcess? worker in started)
            {
                if (worker is not null)
                {
                    Return(worker);
                }
            }
        }
    }

    public void Dispose()
    {
        WorkerProcess[] all;
        Task[] retiring;
        lock (_lock)
        {
            _disposed = true;
            all = [.. _live];
            retiring = [.. _retiring];
            _live.Clear();
            _idle.Clear();
        }

        Parallel.ForEach(all, worker => worker.Dispose());

        // A replacement that started meanwhile finds the pool disposed and stops its worker.
        Task.WaitAll(retiring);
        Regions.Dispose();
    }

    private WorkerProcess Rent()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            while (_idle.TryPop(out WorkerProcess? idle))
            {
                if (idle.IsUsable)
                {
                    return idle;
                }

                _live.Remove(idle);
                idle.Dispose();
            }
        }

        return StartTracked();
    }

    private WorkerProcess StartTracked()
    {
        WorkerProcess worker = WorkerProcess.Start(_startTimeout);
        lock (_lock)
        {
            if (!_disposed)
            {
                _live.Add(worker);
                return worker;
            }
        }

        worker.Dispose();
        throw new ObjectDisposedException(nameof(WorkerPool));
    }

    /// <summary>
    /// Lets a worker go that has run its function's <see cref="Options.TaskOptions.MaxCalls"/>, off the task's path, and
    /// starts its replacement in the background while the idle list has room for it.
    /// </summary>
    private void Retire(WorkerProcess worker)
    {
        bool replace = false;
        var retiring = new Task(() =>
        {
            worker.Dispose();
            if (replace)
            {
                try
                {
                    Return(StartTracked());
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // The next call starts one itself, and reports what stops it.
                    System.Diagnostics.Debug.WriteLine($"GpuRay: starting a replacement worker failed: {ex}");
                }
            }
        });
        lock (_lock)
        {
            _live.Remove(worker);
            replace = !_disposed && _idle.Count < MaxIdle;
            _retiring.Add(retiring);
        }

        // Dispose waits for these: a replacement still starting when the driver exits would be left behind.
        _ = retiring.ContinueWith(
            done =>
            {
                lock (_lock)
                {
                    _retiring.Remove(done);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        retiring.Start(TaskScheduler.Default);
    }

    private void Return(WorkerProcess worker)
    {
        bool keep;
        lock (_lock)
        {
            keep = !_disposed && worker.IsUsable && _idle.Count < MaxIdle;
            if (keep)
            {
                _idle.Push(worker);
            }
            else
            {
                _live.Remove(worker);
            }
        }

        if (!keep)
        {
            worker.Dispose();
        }
    }
}
