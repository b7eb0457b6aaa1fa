using GpuRay.Objects;

namespace GpuRay.Functions;

/// <summary>
/// Runs an async remote function's body as one task: on the task's thread, with every continuation brought back to
/// that thread, until the body's Task completes. The task therefore holds its resources (and its GPU binding, and
/// <see cref="Scheduling.TaskContext.Current"/>) across its awaits, as a synchronous body does across its calls.
/// </summary>
/// <remarks>
/// <para>
/// While the body waits with nothing to run, the task keeps its CPU, so that <c>NumCpus</c> bounds how many async
/// tasks run at once, as for any task, unless it waits on GpuRay work: while it has tasks of its own still running,
/// or awaits a ref that is not ready (directly, or through GetAsync or WaitAsync), its CPU is lent out as in a
/// blocking Get, so that the tasks it waits for can run on it.
/// </para>
/// <para>
/// An await with <c>ConfigureAwait(false)</c> leaves the task's thread: the code after it runs on the thread pool,
/// outside the task (no task context, no resources of its own, and what it submits has no parent). Work posted to
/// the context after the body's Task completed (a fire-and-forget continuation) runs on the thread pool too.
/// </para>
/// </remarks>
internal static class AsyncBody
{
    public static TResult Run<TResult>(Func<Task<TResult>> body)
    {
        SynchronizationContext? previous = SynchronizationContext.Current;
        var pump = new Pump();
        SynchronizationContext.SetSynchronizationContext(pump);
        try
        {
            Task<TResult> task = body() ?? throw new InvalidOperationException("The async remote function returned a null Task.");
            if (!task.IsCompleted || pump.HasWork)
            {
                pump.RunUntil(task);
            }

            return task.GetAwaiter().GetResult();
        }
        finally
        {
            pump.Close();
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>
    /// Why a delegate's return type cannot be a (synchronous) remote function's result, or null when it can: a task
    /// that returned a Task or an async stream would end before the work it stands for.
    /// </summary>
    public static string? WhyNotAResult(Type type)
    {
        if (type == typeof(Task) || type == typeof(ValueTask))
        {
            return "a remote function returns a value: make it an async method returning Task<T> (a status, a count) and make it with RemoteAsync";
        }

        if (typeof(Task).IsAssignableFrom(type))
        {
            return "make it with RemoteAsync, whose tasks run until the returned task completes";
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            return "make it with RemoteAsync, returning Task<T> (ValueTask.AsTask(), or an async lambda)";
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>))
        {
            return "the stream would be read after the task ended: make it with RemoteStream, whose task delivers each item as a ref while it runs";
        }

        return null;
    }

    /// <summary>Notes that the body awaits a ref that is not ready (called from the ref's awaiter).</summary>
    internal static void NoteAwaitedRef(Task pending)
    {
        if (SynchronizationContext.Current is Pump pump && !pending.IsCompleted)
        {
            pump.Track(pending);
        }
    }

    /// <summary>A synchronization context that queues continuations for the task's thread to run.</summary>
    private sealed class Pump : SynchronizationContext
    {
        private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
        private readonly object _gate = new();
        private readonly int _thread = Environment.CurrentManagedThreadId;
        private bool _done;
        private bool _closed;
        private int _operations;
        private int _awaitedRefs;

        public override void Post(SendOrPostCallback d, object? state)
        {
            ArgumentNullException.ThrowIfNull(d);
            lock (_gate)
            {
                if (!_closed)
                {
                    _queue.Enqueue((d, state));
                    Monitor.PulseAll(_gate);
                    return;
                }
            }

            // The body has ended: nothing pumps any more.
            ThreadPool.QueueUserWorkItem(static work => work.d(work.state), (d, state), preferLocal: false);
        }

        public override void Send(SendOrPostCallback d, object? state)
        {
            ArgumentNullException.ThrowIfNull(d);
            bool closed;
            lock (_gate)
            {
                closed = _closed;
            }

            if (closed || Environment.CurrentManagedThreadId == _thread)
            {
                d(state);
                return;
            }

            using var done = new ManualResetEventSlim();
            Exception? error = null;
            Post(
                _ =>
                {
                    try
                    {
                        d(state);
                    }
                    catch (Exception ex)
                    {
                        error = ex;
                    }
                    finally
                    {
                        done.Set();
                    }
                },
                null);
            done.Wait();
            if (error is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }
        }

        public override void OperationStarted()
        {
            lock (_gate)
            {
                _operations++;
            }
        }

        public override void OperationCompleted()
        {
            lock (_gate)
            {
                _operations--;
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>True when something was posted or an <c>async void</c> operation is running.</summary>
        public bool HasWork
        {
            get
            {
                lock (_gate)
                {
                    return _queue.Count > 0 || _operations > 0;
                }
            }
        }

        public override SynchronizationContext CreateCopy() => this;

        /// <summary>Counts an awaited ref until it completes: meanwhile an idle wait lends the task's CPU.</summary>
        public void Track(Task pending)
        {
            Interlocked.Increment(ref _awaitedRefs);
            pending.ContinueWith(
                static (_, state) =>
                {
                    var pump = (Pump)state!;
                    Interlocked.Decrement(ref pump._awaitedRefs);
                    lock (pump._gate)
                    {
                        Monitor.PulseAll(pump._gate);
                    }
                },
                this,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        /// <summary>
        /// Runs what the body posts until <paramref name="task"/> completes, its <c>async void</c> operations have
        /// ended, and nothing is left to run.
        /// </summary>
        public void RunUntil(Task task)
        {
            if (!task.IsCompleted)
            {
                task.ContinueWith(
                    static (_, state) => ((Pump)state!).Finish(),
                    this,
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
            else
            {
                Finish();
            }

            while (TryTake(out (SendOrPostCallback Callback, object? State) work))
            {
                work.Callback(work.State);
            }
        }

        /// <summary>From here on, posts go to the thread pool (nothing pumps after the body's end).</summary>
        public void Close()
        {
            (SendOrPostCallback Callback, object? State)[] left;
            lock (_gate)
            {
                _closed = true;
                if (_queue.Count == 0)
                {
                    return;
                }

                left = [.. _queue];
                _queue.Clear();
            }

            // Left when a posted callback threw and ended the pump: they still run, outside the task.
            foreach ((SendOrPostCallback callback, object? state) in left)
            {
                ThreadPool.QueueUserWorkItem(static work => work.callback(work.state), (callback, state), preferLocal: false);
            }
        }

        private void Finish()
        {
            lock (_gate)
            {
                _done = true;
                Monitor.PulseAll(_gate);
            }
        }

        private bool Ended => _done && _operations <= 0;

        /// <summary>The next continuation, waiting while there is none; false once the body is done.</summary>
        private bool TryTake(out (SendOrPostCallback Callback, object? State) work)
        {
            while (true)
            {
                lock (_gate)
                {
                    if (_queue.TryDequeue(out work))
                    {
                        return true;
                    }

                    if (Ended)
                    {
                        return false;
                    }
                }

                WaitForWork();
            }
        }

        /// <summary>Waits until something is posted or the body ends, with the task's CPU lent out while it waits on GpuRay work.</summary>
        private void WaitForWork()
        {
            void Wait(bool lending)
            {
                lock (_gate)
                {
                    // A wait that holds the CPU also ends when the body starts waiting on GpuRay work, to lend it then.
                    while (!Ended && _queue.Count == 0 && (lending || !WaitsOnGpuRayWork()))
                    {
                        Monitor.Wait(_gate);
                    }
                }
            }

            ObjectRef? task = ObjectRef.Current;
            if (task is null)
            {
                Wait(lending: true);
            }
            else if (WaitsOnGpuRayWork())
            {
                task.Scheduler.Block(() => Wait(lending: true));
            }
            else
            {
                // It keeps its CPU, as a task waiting on a worker process does; the node is told the thread waits.
                task.Scheduler.BeginOutsideWait();
                try
                {
                    Wait(lending: false);
                }
                finally
                {
                    task.Scheduler.EndOutsideWait();
                }
            }
        }

        private bool WaitsOnGpuRayWork() =>
            Volatile.Read(ref _awaitedRefs) > 0 || ObjectRef.Current is { HasLiveChildren: true };
    }
}
