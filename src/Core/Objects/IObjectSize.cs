namespace GpuRay.Objects;

/// <summary>
/// Implemented by types that know their own size, so that the object store can count them exactly (arrays and
/// strings are counted exactly without it; other objects are estimated).
/// </summary>
public interface IObjectSize
{
    /// <summary>The bytes this object keeps alive, approximately its payload.</summary>
    long SizeInBytes { get; }
}
