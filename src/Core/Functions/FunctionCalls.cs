using System.Runtime.CompilerServices;

using GpuRay.Objects;
using GpuRay.Scheduling;

namespace GpuRay.Functions;

// One small record type per arity: its (value or ref) arguments; the delegate stays on the function.

internal sealed class FunctionCall<TResult>(RemoteFunction<TResult> function, long id)
    : TaskRef<TResult>(function, id)
{
    protected override TResult Call() => Function.Worker is null ? Unsafe.As<RemoteFunction<TResult>>(Function).Body() : CallInWorker([], []);
}

internal sealed class FunctionCall<T1, TResult>(RemoteFunction<T1, TResult> function, long id, Arg<T1> arg1)
    : TaskRef<TResult>(function, id)
{
    private Arg<T1> _arg1 = arg1;

    private protected override void ReleaseCall()
    {
        _arg1 = default;
    }

    private protected override bool HasDependencies => _arg1.Ref is not null;

    internal override void CollectArgumentRefs(List<ObjectRef> into) => AddRefs(into, _arg1.Ref);

    private protected override void RegisterDependencies() => AddDependency(_arg1.Ref);

    private protected override ObjectRef?[] ArgumentRefs() => [_arg1.Ref];

    protected override TResult Call() => Function.Worker is null
        ? Unsafe.As<RemoteFunction<T1, TResult>>(Function).Body(_arg1.Resolve())
        : CallInWorker([_arg1.Resolve()], [_arg1.Ref]);
}

internal sealed class FunctionCall<T1, T2, TResult>(RemoteFunction<T1, T2, TResult> function, long id, Arg<T1> arg1, Arg<T2> arg2)
    : TaskRef<TResult>(function, id)
{
    private Arg<T1> _arg1 = arg1;
    private Arg<T2> _arg2 = arg2;

    private protected override void ReleaseCall()
    {
        (_arg1, _arg2) = (default, default);
    }

    private protected override bool HasDependencies =>
        _arg1.Ref is not null || _arg2.Ref is not null;

    internal override void CollectArgumentRefs(List<ObjectRef> into) => AddRefs(into, _arg1.Ref, _arg2.Ref);

    private protected override void RegisterDependencies()
    {
        AddDependency(_arg1.Ref);
        AddDependency(_arg2.Ref);
    }

    private protected override ObjectRef?[] ArgumentRefs() => [_arg1.Ref, _arg2.Ref];

    protected override TResult Call() => Function.Worker is null
        ? Unsafe.As<RemoteFunction<T1, T2, TResult>>(Function).Body(_arg1.Resolve(), _arg2.Resolve())
        : CallInWorker([_arg1.Resolve(), _arg2.Resolve()], [_arg1.Ref, _arg2.Ref]);
}

internal sealed class FunctionCall<T1, T2, T3, TResult>(
    RemoteFunction<T1, T2, T3, TResult> function, long id, Arg<T1> arg1, Arg<T2> arg2, Arg<T3> arg3)
    : TaskRef<TResult>(function, id)
{
    private Arg<T1> _arg1 = arg1;
    private Arg<T2> _arg2 = arg2;
    private Arg<T3> _arg3 = arg3;

    private protected override void ReleaseCall()
    {
        (_arg1, _arg2, _arg3) = (default, default, default);
    }

    private protected override bool HasDependencies =>
        _arg1.Ref is not null || _arg2.Ref is not null || _arg3.Ref is not null;

    internal override void CollectArgumentRefs(List<ObjectRef> into) => AddRefs(into, _arg1.Ref, _arg2.Ref, _arg3.Ref);

    private protected override void RegisterDependencies()
    {
        AddDependency(_arg1.Ref);
        AddDependency(_arg2.Ref);
        AddDependency(_arg3.Ref);
    }

    private protected override ObjectRef?[] ArgumentRefs() => [_arg1.Ref, _arg2.Ref, _arg3.Ref];

    protected override TResult Call() => Function.Worker is null
        ? Unsafe.As<RemoteFunction<T1, T2, T3, TResult>>(Function).Body(_arg1.Resolve(), _arg2.Resolve(), _arg3.Resolve())
        : CallInWorker([_arg1.Resolve(), _arg2.Resolve(), _arg3.Resolve()], [_arg1.Ref, _arg2.Ref, _arg3.Ref]);
}

internal sealed class FunctionCall<T1, T2, T3, T4, TResult>(
    RemoteFunction<T1, T2, T3, T4, TResult> function, long id, Arg<T1> arg1, Arg<T2> arg2, Arg<T3> arg3, Arg<T4> arg4)
    : TaskRef<TResult>(function, id)
{
    private Arg<T1> _arg1 = arg1;
    private Arg<T2> _arg2 = arg2;
    private Arg<T3> _arg3 = arg3;
    private Arg<T4> _arg4 = arg4;

    private protected override void ReleaseCall()
    {
        (_arg1, _arg2, _arg3, _arg4) = (default, default, default, default);
    }

    private protected override bool HasDependencies =>
        _arg1.Ref is not null || _arg2.Ref is not null || _arg3.Ref is not null || _arg4.Ref is not null;

    internal override void CollectArgumentRefs(List<ObjectRef> into) => AddRefs(into, _arg1.Ref, _arg2.Ref, _arg3.Ref, _arg4.Ref);

    private protected override void RegisterDependencies()
    {
        AddDependency(_arg1.Ref);
        AddDependency(_arg2.Ref);
        AddDependency(_arg3.Ref);
        AddDependency(_arg4.Ref);
    }

    private protected override ObjectRef?[] ArgumentRefs() => [_arg1.Ref, _arg2.Ref, _arg3.Ref, _arg4.Ref];

    protected override TResult Call() => Function.Worker is null
        ? Unsafe.As<RemoteFunction<T1, T2, T3, T4, TResult>>(Function).Body(_arg1.Resolve(), _arg2.Resolve(), _arg3.Resolve(), _arg4.Resolve())
        : CallInWorker([_arg1.Resolve(), _arg2.Resolve(), _arg3.Resolve(), _arg4.Resolve()], [_arg1.Ref, _arg2.Ref, _arg3.Ref, _arg4.Ref]);
}
