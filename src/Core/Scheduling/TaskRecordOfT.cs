using GpuRay.Functions;
using GpuRay.Objects;

namespace GpuRay.Scheduling;

/// <summary>A task whose function returns <typeparamref name="TResult"/>.</summary>
internal abstract class TaskRecord<TResult> : TaskRecord
{
    protected TaskRecord(RemoteFunction function, long id)
        : base(function, id)
    {
        Result = new ObjectRef<TResult>(id, this);
    }

    public ObjectRef<TResult> Result { get; }

    public override ObjectRef ResultRef => Result;

    public override void SetError(Exception error, UnobservedErrorSentinel? sentinel) => Result.TryFail(error, sentinel);

    protected abstract TResult Call();

    protected sealed override void RunBody()
    {
        TResult value = Call();
        Scheduler.Store.TrackResult(Result, value);
        Result.TrySetValue(value);
    }
}
