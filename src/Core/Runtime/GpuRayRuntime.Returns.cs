namespace GpuRay;

public sealed partial class GpuRayRuntime
{
    /// <summary>Reserves <paramref name="count"/> consecutive object ids (for the refs of a task's several returns, or a stream's items) and returns the first.</summary>
    internal long NextObjectIds(int count) => Interlocked.Add(ref _nextId, count) - count + 1;
}
