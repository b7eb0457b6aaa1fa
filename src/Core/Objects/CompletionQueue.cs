using System.Collections.Concurrent;

namespace GpuRay.Objects;

/// <summary>Collects refs in the order they complete. An abandoned queue is simply collected with its refs.</summary>
internal sealed class CompletionQueue : IObjectWaiter
{
    private readonly ConcurrentQueue<ObjectRef> _completed = new();
    private readonly SemaphoreSlim _available = new(0);

    public void OnObjectCompleted(ObjectRef completed)
    {
        _completed.Enqueue(completed);
        _available.Release();
    }

    public bool TryTake(out ObjectRef completed)
    {
        completed = null!;
        return _available.Wait(0) && _completed.TryDequeue(out completed!);
    }

    public ObjectRef Take()
    {
        _available.Wait();
        _completed.TryDequeue(out ObjectRef? completed);
        return completed!;
    }
}
