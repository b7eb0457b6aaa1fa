namespace GpuRay.Runtime;

/// <summary>What happens to a task that asks for more than the node will ever have.</summary>
public enum InfeasibleTaskPolicy
{
    /// <summary>Submission throws an error naming the resource, the amount asked and the amount that exists.</summary>
    Fail = 0,

    /// <summary>The task waits in its queue (for a node that may join later); a warning is logged once per function.</summary>
    Queue = 1,
}
