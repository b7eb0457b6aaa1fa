namespace GpuRay.Runtime;

/// <summary>How many tasks are holding resources now, and how many have ended each way since the start.</summary>
/// <param name="Active">Dispatched or running.</param>
/// <param name="Finished">Returned a value.</param>
/// <param name="Failed">Failed after their retries, or through a failed dependency.</param>
/// <param name="Cancelled">Cancelled.</param>
public readonly record struct TaskCounts(long Active, long Finished, long Failed, long Cancelled);
