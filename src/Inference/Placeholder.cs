namespace GpuRay.Inference;

/// <summary>Placeholder.</summary>
public static class Placeholder
{
}
