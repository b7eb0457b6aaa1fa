using GpuRay.Scheduling;

namespace GpuRay.State;

/// <summary>One attempt of a task, as <see cref="RuntimeState.ListTasks"/> shows it. Times are since the runtime started.</summary>
/// <param name="TaskId">The task's id (its result ref's id).</param>
/// <param name="Name">The task's name: its function's stable name, or the <c>Name</c> option.</param>
/// <param name="State">
/// Where the attempt is: <see cref="TaskState.WaitingForDependencies"/> (Ray's PENDING_ARGS_AVAIL),
/// <see cref="TaskState.Queued"/> (PENDING_NODE_ASSIGNMENT), <see cref="TaskState.Dispatched"/>,
/// <see cref="TaskState.Running"/>, or how it ended: <see cref="TaskState.Finished"/>, <see cref="TaskState.Failed"/>,
/// <see cref="TaskState.Cancelled"/>.
/// </param>
/// <param name="Attempt">The attempt's number, from 1; an attempt that has not started yet has the number it will run as.</param>
/// <param name="Retried">True when this attempt failed and the task was queued again (its next attempt is listed too).</param>
/// <param name="Submitted">When the task was submitted.</param>
/// <param name="Started">When the attempt started; null when it has not (or never ran, or runs on its parent's CPU).</param>
/// <param name="Ended">When the attempt ended; null while it has not.</param>
/// <param name="WorkerProcessId">The worker process that runs or ran it; 0 in this process.</param>
/// <param name="ThreadId">The managed thread that ran it (or waited for its worker); 0 while it runs or when it never ran.</param>
/// <param name="Resources">The task's resource shape, e.g. <c>CPU=1 GPU=0.25</c>.</param>
/// <param name="GpuIds">The devices it holds or held, e.g. <c>0,1</c>; empty for CPU tasks.</param>
/// <param name="Error">What failed the attempt (type and message); null when it did not fail.</param>
public sealed record TaskInfo(
    long TaskId,
    string Name,
    TaskState State,
    int Attempt,
    bool Retried,
    TimeSpan Submitted,
    TimeSpan? Started,
    TimeSpan? Ended,
    int WorkerProcessId,
    int ThreadId,
    string Resources,
    string GpuIds,
    string? Error);
