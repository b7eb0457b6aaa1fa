using System.Globalization;

namespace GpuRay.Errors;

/// <summary>A task asks for more of a resource than the node has in total, or for a resource it does not have.</summary>
public sealed class InfeasibleTaskException : GpuRayException
{
    /// <summary>Creates the error, naming the resource, the amount asked and the amount that exists.</summary>
    public InfeasibleTaskException(string taskName, string resource, double requested, double available)
        : base(
            $"Task '{taskName}' can never run here: it asks for {Format(requested)} {resource}, but this node has "
            + $"{Format(available)} {resource} in total. Lower the request in its options, or start the runtime with more "
            + $"{resource} (RuntimeOptions), or set RuntimeOptions.InfeasibleTasks to Queue to keep such tasks waiting.")
    {
        TaskName = taskName;
        Resource = resource;
        Requested = requested;
        Available = available;
    }

    /// <summary>The task's name.</summary>
    public string TaskName { get; }

    /// <summary>The resource that does not fit.</summary>
    public string Resource { get; }

    /// <summary>The amount the task asks for.</summary>
    public double Requested { get; }

    /// <summary>The amount that exists on the node (for GPUs with memory: the most one device can offer).</summary>
    public double Available { get; }

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
