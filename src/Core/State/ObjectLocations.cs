namespace GpuRay.State;

/// <summary>Where an object's value is.</summary>
[Flags]
public enum ObjectLocations
{
    /// <summary>Nowhere: its task has not finished, it failed, or it was freed.</summary>
    None = 0,

    /// <summary>In this process's memory (the driver), where Get reads it without a copy.</summary>
    InProcess = 1,

    /// <summary>A copy (as JSON) is kept by one or more worker processes for later calls.</summary>
    WorkerCache = 2,
}
