using GpuRay.Scheduling;

namespace GpuRay.Gpu;

/// <summary>Reaches a task's GPU context from its <see cref="TaskContext"/>.</summary>
public static class TaskContextGpuExtensions
{
    /// <summary>The GPU context of <paramref name="context"/>'s current attempt: <c>TaskContext.Current!.Gpu().Accelerator</c>.</summary>
    /// <param name="context">A running task's context.</param>
    /// <returns>Its GPU context.</returns>
    /// <exception cref="InvalidOperationException">The task holds no GPU, or the runtime was not started with <c>UseGpus</c>.</exception>
    public static GpuContext Gpu(this TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return (context.DeviceScope as GpuScope)?.Context
            ?? throw new InvalidOperationException(
                $"Task '{context.Name}' has no GPU context: give it TaskOptions.NumGpus > 0 (or GpuMemory > 0) and start the runtime with RuntimeOptions.UseGpus().");
    }
}
