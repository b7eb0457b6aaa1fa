namespace GpuRay.Errors;

/// <summary>
/// Marks every error GpuRay raises itself, including those that derive from a .NET exception type other than
/// <see cref="GpuRayException"/> so that .NET callers can catch them as usual (<see cref="GetTimeoutException"/> is a
/// <see cref="TimeoutException"/>). Catch all of them with <c>catch (Exception ex) when (ex is IGpuRayError)</c>.
/// </summary>
public interface IGpuRayError;
