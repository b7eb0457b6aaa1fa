namespace GpuRay.Resources;

/// <summary>The names of the resources every node knows; custom resources may use any other name.</summary>
public static class ResourceNames
{
    /// <summary>CPU slots (default: one per core).</summary>
    public const string Cpu = "CPU";

    /// <summary>GPU slots: one per device, shared fractionally.</summary>
    public const string Gpu = "GPU";

    /// <summary>GPU memory in bytes, summed over devices (each task's request must fit on one device).</summary>
    public const string GpuMemory = "GpuMemory";

    internal static bool IsReserved(string name) =>
        string.Equals(name, Cpu, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, Gpu, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, GpuMemory, StringComparison.OrdinalIgnoreCase);
}
