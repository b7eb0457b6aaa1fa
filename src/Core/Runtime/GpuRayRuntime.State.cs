using GpuRay.State;
using GpuRay.Workers;

namespace GpuRay;

public sealed partial class GpuRayRuntime
{
    private RuntimeState? _state;

    /// <summary>
    /// What the runtime is doing: its tasks (live, and ended ones the timeline still keeps), the objects it can see with
    /// their reference counts, and its worker processes. The source for a status command, a dashboard or telemetry.
    /// </summary>
    public RuntimeState State => _state ??= new RuntimeState(this);

    /// <summary>The worker pool, when one was started; the state API does not start one.</summary>
    internal WorkerPool? StartedWorkers => _workers.IsValueCreated && Volatile.Read(ref _disposed) == 0 ? _workers.Value : null;
}
