namespace GpuRay.Options;

/// <summary>Where a task's body runs.</summary>
public enum TaskIsolation
{
    /// <summary>On a thread of this process (the default): arguments and results are passed as they are, zero-copy.</summary>
    None = 0,

    /// <summary>
    /// In a GpuRay worker process, as Ray runs every task: the body gets its own heap and garbage collector, so that
    /// allocation-heavy tasks scale with cores, and a crash of the body (a stack overflow, an exit) fails that attempt
    /// only. Arguments and results travel as JSON; see <see cref="Functions.RemoteFunction"/> for what can travel.
    /// </summary>
    Process = 1,
}
