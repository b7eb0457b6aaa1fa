namespace GpuRay.Resources;

/// <summary>What one task attempt holds: its demand, and the devices it was placed on.</summary>
internal sealed class ResourceAllocation(ResourceDemand demand, int[] deviceIds)
{
    public ResourceDemand Demand { get; } = demand;

    public int[] DeviceIds { get; } = deviceIds;
}
