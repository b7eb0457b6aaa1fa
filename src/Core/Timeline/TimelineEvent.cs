using GpuRay.Scheduling;

namespace GpuRay.Timeline;

/// <summary>One task attempt on the timeline. Times are since the runtime started.</summary>
/// <param name="TaskId">The task's id.</param>
/// <param name="Name">The task's name.</param>
/// <param name="Attempt">The attempt number (1 for the first run; 0 when the task never ran).</param>
/// <param name="Outcome">Finished, Failed, Cancelled, or Queued for an attempt that will be retried.</param>
/// <param name="Resources">The task's resource shape, e.g. <c>CPU=1 GPU=0.25</c>.</param>
/// <param name="GpuIds">The devices the attempt ran on, e.g. <c>0</c> or <c>0,1</c>; empty for CPU tasks.</param>
/// <param name="Submitted">When the task was submitted.</param>
/// <param name="Started">When the attempt started (equal to <paramref name="Finished"/> when it never ran).</param>
/// <param name="Finished">When the attempt ended.</param>
/// <param name="ThreadId">The managed thread that ran it, or waited for its worker process (0 when it never ran).</param>
/// <param name="WorkerProcessId">The worker process that ran it (<see cref="Options.TaskIsolation.Process"/>); 0 when it ran in this process.</param>
public readonly record struct TimelineEvent(
    long TaskId,
    string Name,
    int Attempt,
    TaskState Outcome,
    string Resources,
    string GpuIds,
    TimeSpan Submitted,
    TimeSpan Started,
    TimeSpan Finished,
    int ThreadId,
    int WorkerProcessId = 0)
{
    /// <summary>How long the attempt ran.</summary>
    public TimeSpan Duration => Finished - Started;

    /// <summary>How long the task waited from submission to this attempt's start.</summary>
    public TimeSpan QueueTime => Started - Submitted;
}
