using GpuRay.Functions;
using GpuRay.Objects;

namespace GpuRay.Scheduling;

/// <summary>A task whose function returns <typeparamref name="TResult"/>.</summary>
internal abstract class TaskRecord<TResult> : TaskRecord
{
    protected TaskRecord(RemoteFunction function, long id)
        : base(function, id)
    {
        _result = new ObjectRef<TResult>(id, this);
    }

    private ObjectRef<TResult>? _result;

    /// <summary>The result ref; null once the task has ended, so that a stale work item cannot keep it alive.</summary>
    public ObjectRef<TResult> Result => _result!;

    public override void SetError(Exception error, UnobservedErrorSentinel? sentinel)
    {
        if (_result is { } result)
        {
            result.TryFail(error, sentinel);

            // A value the body staged before the task was cancelled or failed is not kept by the failed ref.
            result.DropStagedValue();
        }
    }

    public sealed override void ReleaseArguments()
    {
        ReleaseCall();
        _result = null;
    }

    protected abstract void ReleaseCall();

    protected abstract TResult Call();

    /// <summary>Publishes the value that <see cref="RunBody"/> staged in the ref, once the task's resources are released.</summary>
    public override void PublishResult() => _result?.TryPublishStagedValue();

    protected sealed override void RunBody()
    {
        TResult value = Call();

        // Staged only once the store has taken it: a result the store refuses fails the task and is not kept.
        Scheduler.Store.TrackResult(_result!, value);
        _result!.StageValue(value);
    }
}
