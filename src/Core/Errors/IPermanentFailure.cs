namespace GpuRay.Errors;

/// <summary>
/// Marks a system failure that another attempt on the same node cannot fix, such as a device the process has lost.
/// The scheduler does not retry a task that failed with one, whatever its MaxRetries.
/// </summary>
public interface IPermanentFailure;
