using System.Globalization;

namespace GpuRay.Errors;

/// <summary>A task asks for more of a resource than the node has in total, or for a resource it does not have.</summary>
public sealed class InfeasibleTaskException : GpuRayException
{
    /// <summary>Creates the error, naming the resource, the amount asked and the amount that exists.</summary>
    public InfeasibleTaskException(string taskName, string resource, double requested, double available)
        : this(taskName, resource, requested, available, lost: null, innerException: null)
    {
    }

    /// <summary>Creates the error, naming the resource, the amounts, and the devices lost to the process that made it so.</summary>
    /// <param name="taskName">The task's name.</param>
    /// <param name="resource">The resource that does not fit.</param>
    /// <param name="requested">The amount the task asks for.</param>
    /// <param name="available">The amount the node still offers.</param>
    /// <param name="lost">Which devices were lost and why, or null.</param>
    /// <param name="innerException">The failure of the attempt that could not be retried because of it, or null.</param>
    public InfeasibleTaskException(string taskName, string resource, double requested, double available, string? lost, Exception? innerException = null)
        : base(Describe(taskName, resource, requested, available, lost, innerException), innerException)
    {
        Lost = lost;
        TaskName = taskName;
        Resource = resource;
        Requested = requested;
        Available = available;
    }

    /// <summary>The task's name.</summary>
    public string TaskName { get; }

    /// <summary>Which devices were lost to the process, and why, when that is what made the task infeasible.</summary>
    public string? Lost { get; }

    /// <summary>The resource that does not fit.</summary>
    public string Resource { get; }

    /// <summary>The amount the task asks for.</summary>
    public double Requested { get; }

    /// <summary>
    /// The amount that exists on the node (for GPU memory: the most that each of the task's devices can have, that is
    /// the largest device's memory for a one-GPU task).
    /// </summary>
    public double Available { get; }

    private static string Describe(string taskName, string resource, double requested, double available, string? lost, Exception? inner)
    {
        string head = $"Task '{taskName}' can never run here: it asks for {Format(requested)} {resource}, but this node has "
            + $"{Format(available)} {resource} in total";
        string retry = inner is null ? string.Empty : $" Its failed attempt could not be retried: {inner.GetType().Name}: {inner.Message}";
        return lost is null
            ? $"{head}. Lower the request in its options, or start the runtime with more {resource} (RuntimeOptions), or set "
                + $"RuntimeOptions.InfeasibleTasks to Queue to keep such tasks waiting.{retry}"
            : $"{head} ({lost}). A lost device does not come back in this process: lower the request, or restart the "
                + $"process to use the device again.{retry}";
    }

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
