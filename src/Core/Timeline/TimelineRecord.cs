namespace GpuRay.Timeline;

/// <summary>An attempt as the ring keeps it: its event, whether it ran, and what failed it (for the state API).</summary>
/// <param name="Event">The attempt.</param>
/// <param name="Ran">False when the task ended without running this attempt (cancelled, or failed upstream).</param>
/// <param name="Error">The failure's type and message; null when it did not fail.</param>
internal readonly record struct TimelineRecord(TimelineEvent Event, bool Ran, string? Error);
