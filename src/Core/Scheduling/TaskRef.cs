using GpuRay.Functions;
using GpuRay.Objects;

namespace GpuRay.Scheduling;

/// <summary>A task whose function returns <typeparamref name="TResult"/>: the ref of its own result.</summary>
internal abstract class TaskRef<TResult> : ObjectRef<TResult>
{
    protected TaskRef(RemoteFunction function, long id)
        : base(id, function)
    {
    }

    /// <summary>A value the body staged before the task was cancelled or failed is not kept by the failed ref.</summary>
    internal override void SetError(Exception error, UnobservedErrorSentinel? sentinel) => TryFailDroppingValue(error, sentinel);

    protected abstract TResult Call();

    /// <summary>Runs the call in a worker process (<see cref="Options.TaskIsolation.Process"/>) and returns its result.</summary>
    /// <remarks>
    /// This thread only waits while the worker runs; without telling the node, every running worker task would hold a
    /// pool thread the pool counts as busy, and the next task's dispatch would wait for the pool to add one (measured:
    /// the second of two Fibonacci tasks started tens of milliseconds late).
    /// </remarks>
    /// <param name="arguments">The argument values.</param>
    /// <param name="refs">For each argument, the ref it came from, or null: a worker keeps large ones for later calls.</param>
    private protected TResult CallInWorker(ReadOnlySpan<object?> arguments, ReadOnlySpan<ObjectRef?> refs)
    {
        Scheduler.BeginOutsideWait();
        try
        {
            return (TResult)Function.Runtime.Workers.Run(Function.Worker!, arguments, refs, CancellationToken, this)!;
        }
        finally
        {
            Scheduler.EndOutsideWait();
        }
    }

    /// <summary>Publishes the value that <see cref="RunBody"/> staged, once the task's resources are released.</summary>
    internal override void PublishResult() => TryPublishStagedValue();

    private protected sealed override void RunBody()
    {
        TResult value = Call();
        if (Function.ChecksReturnCount)
        {
            // Only functions with NumReturns above 1 and an array result: a bool the function already has in cache.
            ReturnCounts.CheckReturned(Function, value);
        }

        // Staged only once the store has taken it: a result the store refuses fails the task and is not kept.
        Scheduler.Store.TrackResult(this, value);
        StageValue(value);
    }
}
