using GpuRay.Objects;

namespace GpuRay.Functions;

/// <summary>
/// Runs an async remote function's body as one task: on the task's thread, with every continuation brought back to
/// that thread, until the body's Task completes. The task therefore holds its resources (and its GPU binding, and
/// <see cref="Scheduling.TaskContext.Current"/>) across its awaits, as a synchronous body does across its calls.
/// </summary>
/// <remarks>
/// While the body waits with nothing to run, the task's CPU is lent out, as in a blocking Get, so that the tasks it
/// awaits (refs of its children, say) can run on it. An await with <c>ConfigureAwait(false)</c> leaves the task's
/// thread: the code after it sees no task context.
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
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>Whether a type is one that a body returns to be awaited (a Task or ValueTask, generic or not).</summary>
    public static bool IsAwaitable(Type type) =>
        typeof(Task).IsAssignableFrom(type)
        || type == typeof(ValueTask)
        || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>));

    /// <summary>A synchronization context that queues continuations for the task's thread to run.</summary>
    private sealed class Pump : SynchronizationContext
    {
        private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
        private readonly object _gate = new();
        private bool _done;

        public override void Post(SendOrPostCallback d, object? state)
        {
            ArgumentNullException.ThrowIfNull(d);
            lock (_gate)
            {
                _queue.Enqueue((d, state));
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>True when a continuation was posted (a body that completed synchronously has none to run).</summary>
        public bool HasWork
        {
            get
            {
                lock (_gate)
                {
                    return _queue.Count > 0;
                }
            }
        }

        public override SynchronizationContext CreateCopy() => this;

        /// <summary>Runs what the body posts until <paramref name="task"/> completes and nothing is left to run.</summary>
        public void RunUntil(Task task)
        {
            task.ContinueWith(
                static (_, state) => ((Pump)state!).Finish(),
                this,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);

            while (TryTake(out (SendOrPostCallback Callback, object? State) work))
            {
                work.Callback(work.State);
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

        /// <summary>The next continuation, waiting (with the task's CPU lent out) while there is none; false once the body is done.</summary>
        private bool TryTake(out (SendOrPostCallback Callback, object? State) work)
        {
            lock (_gate)
            {
                if (_queue.TryDequeue(out work))
                {
                    return true;
                }

                if (_done)
                {
                    return false;
                }
            }

            bool taken = false;
            (SendOrPostCallback Callback, object? State) next = default;
            void Wait()
            {
                lock (_gate)
                {
                    while (!_done && _queue.Count == 0)
                    {
                        Monitor.Wait(_gate);
                    }

                    taken = _queue.TryDequeue(out next);
                }
            }

            if (ObjectRef.Current is { } task)
            {
                task.Scheduler.Block(Wait);
            }
            else
            {
                Wait();
            }

            work = next;
            return taken;
        }
    }
}
