namespace GpuRay.Workloads;

/// <summary>Placeholder.</summary>
public static class Placeholder
{
}
