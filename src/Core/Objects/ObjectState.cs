namespace GpuRay.Objects;

/// <summary>Where an object is in its life.</summary>
public enum ObjectState
{
    /// <summary>Its task has not finished.</summary>
    Pending = 0,

    /// <summary>It holds a value.</summary>
    Ready = 1,

    /// <summary>Its task failed or was cancelled; Get throws the error.</summary>
    Failed = 2,
}
