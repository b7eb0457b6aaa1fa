using System.Collections.Concurrent;

using GpuRay.Errors;

using Microsoft.Extensions.Logging;

namespace GpuRay.Scheduling;

internal sealed partial class Scheduler
{
    /// <summary>
    /// Cancels a task: a queued task never runs, a running one sees its token signalled, a finished one is left
    /// alone. Its ref fails with a cancelled error at once, and so do its dependents (never its dependencies).
    /// </summary>
    public void Cancel(TaskRecord task, bool recursive)
    {
        // The ref fails before the token is signalled, so that a body that returns on the signal cannot win.
        task.MarkCancelRequested();
        var cancelled = new TaskCancelledException(task.Name, task.Id);
        if (task.TryTransition(TaskState.WaitingForDependencies, TaskState.Cancelled)
            || task.TryTransition(TaskState.Queued, TaskState.Cancelled))
        {
            EndUnrun(task, cancelled);
        }
        else if (task.TryTransition(TaskState.Dispatched, TaskState.Cancelled))
        {
            // The node's queued item must not keep the cancelled task (its ref) until the pool gets to it.
            task.Slot?.PoolItem?.Withdraw(task);
            lock (_lock)
            {
                ReleaseHeld(task);
                DispatchAvailable(handOff: false);
            }

            EndUnrun(task, cancelled);
        }
        else if (task.TaskState == TaskState.Running)
        {
            task.SetError(cancelled, null);
        }

        TaskRecord[] children = task.SignalCancellation();
        if (recursive)
        {
            foreach (TaskRecord child in children)
            {
                Cancel(child, recursive: true);
            }
        }
    }

    /// <summary>Cancels every task that has not finished, and completes when none holds resources any more.</summary>
    public Task ShutdownAsync()
    {
        List<TaskRecord> pending = [];
        lock (_lock)
        {
            // The flag is set before the slots are read: a worker that hands its CPU to a lane's next task writes
            // the slot and then reads the flag, so one of the two sees the other.
            _shuttingDown = true;
            Interlocked.MemoryBarrier();
            foreach ((_, ConcurrentQueue<TaskRecord> queue, _) in _queues)
            {
                pending.AddRange(queue);
            }

            pending.AddRange(_priorityHeads.Values);

            pending.AddRange(ActiveTasks());
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_activeCount == 0)
            {
                _drained.TrySetResult();
            }
        }

        foreach (TaskRecord task in pending)
        {
            try
            {
                Cancel(task, recursive: true);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // One task's failing cancellation callback must not leave the others running.
                SafeLog(() => _logger.LogError(ex, "Cancelling task '{Task}' (id {Id}) at shutdown failed.", task.Name, task.Id));
            }
        }

        return _drained.Task;
    }

    /// <summary>A dependent of a cancelled task is cancelled too (not failed, and not logged as unhandled).</summary>
    public void CancelBeforeRun(TaskRecord task, Exception upstream)
    {
        task.MarkCancelRequested();
        if (task.TryTransition(TaskState.WaitingForDependencies, TaskState.Cancelled))
        {
            Interlocked.Increment(ref _cancelled);
            _timeline.Record(task, TaskState.Cancelled, 0, 0);
            task.ReleaseArguments();
            task.SetError(upstream, null);
        }
    }

    private void EndUnrun(TaskRecord task, TaskCancelledException cancelled)
    {
        Interlocked.Increment(ref _cancelled);
        _timeline.Record(task, TaskState.Cancelled, 0, 0);
        task.ReleaseArguments();
        task.SetError(cancelled, null);
    }
}
