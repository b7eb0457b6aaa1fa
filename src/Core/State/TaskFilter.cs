using GpuRay.Scheduling;

namespace GpuRay.State;

/// <summary>Which task attempts <see cref="RuntimeState.ListTasks"/> returns; every condition set must hold.</summary>
public sealed record TaskFilter
{
    /// <summary>Only attempts in this state.</summary>
    /// <value>null: any state.</value>
    public TaskState? State { get; init; }

    /// <summary>Only tasks of this name (ordinal comparison).</summary>
    /// <value>null: any name.</value>
    public string? Name { get; init; }

    /// <summary>Only the attempts of this task.</summary>
    /// <value>null: any task.</value>
    public long? TaskId { get; init; }

    /// <summary>At most this many attempts, the newest tasks' (Ray's state API limits its lists the same way).</summary>
    /// <value>null: all that match.</value>
    public int? Limit { get; init; }
}
