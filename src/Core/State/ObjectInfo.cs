using GpuRay.Objects;

namespace GpuRay.State;

/// <summary>One object the runtime can see, as <see cref="RuntimeState.ListObjects"/> shows it (Ray's <c>ray memory</c>).</summary>
/// <param name="Id">The object's id (a task's result has its task's id).</param>
/// <param name="ValueType">The type of its value.</param>
/// <param name="State">Pending, ready, or failed (a freed object reads as failed).</param>
/// <param name="Freed">True when <see cref="GpuRayRuntime.Free(IEnumerable{ObjectRef})"/> dropped it.</param>
/// <param name="SizeBytes">Its size as the store counts it (exact for arrays of unmanaged values, strings and
/// <see cref="IObjectSize"/>, estimated otherwise); null while it is pending, failed or freed.</param>
/// <param name="CountedInStore">True when its bytes count against the store's limit: every Put, and task results of the
/// inline threshold and more.</param>
/// <param name="Locations">Where its value is.</param>
/// <param name="WorkerProcessIds">The worker processes that keep a copy; empty for none.</param>
/// <param name="CreatorTaskId">The task that makes or made it; null for a Put.</param>
/// <param name="Creator">That task's name, or <c>put</c>.</param>
/// <param name="PendingTaskArguments">How many arguments of tasks that have not ended are this object (each use counted):
/// references the runtime itself holds, counted exactly. References the application holds are not counted.</param>
/// <param name="PendingResult">True while its task has not finished: the runtime holds it as that task.</param>
public sealed record ObjectInfo(
    long Id,
    Type ValueType,
    ObjectState State,
    bool Freed,
    long? SizeBytes,
    bool CountedInStore,
    ObjectLocations Locations,
    IReadOnlyList<int> WorkerProcessIds,
    long? CreatorTaskId,
    string Creator,
    int PendingTaskArguments,
    bool PendingResult);
