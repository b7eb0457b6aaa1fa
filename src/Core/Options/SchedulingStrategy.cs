namespace GpuRay.Options;

/// <summary>Where the scheduler places a task among the devices (and, later, the nodes) that can run it.</summary>
public enum SchedulingStrategy
{
    /// <summary>Pack: fill the most-used device that still fits before starting the next one.</summary>
    Default = 0,

    /// <summary>Spread: prefer the least-used device that fits.</summary>
    Spread = 1,
}
