using System.Collections.Concurrent;

namespace GpuRay.Scheduling;

internal sealed partial class Scheduler
{
    /// <summary>
    /// The tasks that have not ended, found without any per-task registry: the queues and the resource holders are
    /// the roots; a task that waits for arguments waits on a pending ref, which is a live task, and is found among its
    /// waiters; a task that runs on its blocked parent's CPU is found among the parent's children.
    /// </summary>
    /// <remarks>
    /// Reading a ConcurrentQueue's contents makes it keep the tasks dequeued from that segment until the whole segment
    /// has been dequeued: the tasks queued at the time of the call keep one another's results a little longer.
    /// </remarks>
    public List<TaskRecord> LiveTasks()
    {
        var queues = new List<ConcurrentQueue<TaskRecord>>();
        var pending = new List<TaskRecord>();
        lock (_lock)
        {
            foreach ((_, ConcurrentQueue<TaskRecord> queue, _) in _queues)
            {
                queues.Add(queue);
            }

            pending.AddRange(_priorityHeads.Values);
            pending.AddRange(ActiveTasks());
        }

        foreach (ConcurrentQueue<TaskRecord> queue in queues)
        {
            pending.AddRange(queue);
        }

        var seen = new HashSet<TaskRecord>(ReferenceEqualityComparer.Instance);
        var live = new List<TaskRecord>();
        while (pending.Count > 0)
        {
            TaskRecord task = pending[^1];
            pending.RemoveAt(pending.Count - 1);

            // A queue may still hold a task that was cancelled, or run by a waiting parent, meanwhile.
            if (!ReferenceEquals(task.Scheduler, this) || task.TaskState is TaskState.Finished or TaskState.Failed or TaskState.Cancelled
                || !seen.Add(task))
            {
                continue;
            }

            live.Add(task);
            task.CollectWaitingTasks(pending);
            task.CollectLiveChildren(pending);
        }

        return live;
    }
}
