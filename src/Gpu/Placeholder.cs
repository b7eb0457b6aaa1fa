namespace GpuRay.Gpu;

/// <summary>Placeholder.</summary>
public static class Placeholder
{
}
