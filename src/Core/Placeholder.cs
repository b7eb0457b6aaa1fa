namespace GpuRay;

/// <summary>Placeholder.</summary>
public static class Placeholder
{
}
