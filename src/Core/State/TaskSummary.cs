using GpuRay.Scheduling;

namespace GpuRay.State;

/// <summary>How many tasks of one name are in each state (each task counted once, by its latest attempt).</summary>
/// <param name="Name">The tasks' name.</param>
/// <param name="States">Per state, how many tasks are in it; states with none are left out.</param>
/// <param name="Total">How many tasks of this name the runtime knows of (live, and ended ones it still keeps).</param>
public sealed record TaskSummary(string Name, IReadOnlyDictionary<TaskState, int> States, int Total);
