namespace GpuRay.State;

/// <summary>One live worker process, as <see cref="RuntimeState.ListWorkers"/> shows it.</summary>
/// <param name="ProcessId">Its process id.</param>
/// <param name="State">Idle or busy.</param>
/// <param name="Calls">Calls it has run (or was sent), per function's stable name.</param>
/// <param name="RunningTaskId">The task it runs now; null when idle (or between calls).</param>
/// <param name="KeptArguments">How many ref arguments it keeps for later calls.</param>
/// <param name="KeptArgumentBytes">Their JSON's size in bytes.</param>
public sealed record WorkerInfo(
    int ProcessId,
    WorkerState State,
    IReadOnlyDictionary<string, int> Calls,
    long? RunningTaskId,
    int KeptArguments,
    long KeptArgumentBytes);
