namespace GpuRay.State;

/// <summary>What a worker process is doing.</summary>
public enum WorkerState
{
    /// <summary>Waiting in the pool for the next call.</summary>
    Idle = 0,

    /// <summary>Taken for a call (running it, or being sent it).</summary>
    Busy = 1,
}
