using GpuRay.Scheduling;

namespace GpuRay.Functions;

// One small record type per arity: the delegate and its (value or ref) arguments.

internal sealed class FunctionCall<TResult>(RemoteFunction function, long id, Func<TResult> body)
    : TaskRecord<TResult>(function, id)
{
    private Func<TResult>? _body = body;

    protected override void ReleaseCall() => _body = null;

    protected override void RegisterDependencies()
    {
    }

    protected override TResult Call() => _body!();
}

internal sealed class FunctionCall<T1, TResult>(RemoteFunction function, long id, Func<T1, TResult> body, Arg<T1> arg1)
    : TaskRecord<TResult>(function, id)
{
    private Func<T1, TResult>? _body = body;
    private Arg<T1> _arg1 = arg1;

    protected override void ReleaseCall()
    {
        _body = null;
        _arg1 = default;
    }

    protected override void RegisterDependencies() => AddDependency(_arg1.Ref);

    protected override TResult Call() => _body!(_arg1.Resolve());
}

internal sealed class FunctionCall<T1, T2, TResult>(RemoteFunction function, long id, Func<T1, T2, TResult> body, Arg<T1> arg1, Arg<T2> arg2)
    : TaskRecord<TResult>(function, id)
{
    private Func<T1, T2, TResult>? _body = body;
    private Arg<T1> _arg1 = arg1;
    private Arg<T2> _arg2 = arg2;

    protected override void ReleaseCall()
    {
        _body = null;
        (_arg1, _arg2) = (default, default);
    }

    protected override void RegisterDependencies()
    {
        AddDependency(_arg1.Ref);
        AddDependency(_arg2.Ref);
    }

    protected override TResult Call() => _body!(_arg1.Resolve(), _arg2.Resolve());
}

internal sealed class FunctionCall<T1, T2, T3, TResult>(
    RemoteFunction function, long id, Func<T1, T2, T3, TResult> body, Arg<T1> arg1, Arg<T2> arg2, Arg<T3> arg3)
    : TaskRecord<TResult>(function, id)
{
    private Func<T1, T2, T3, TResult>? _body = body;
    private Arg<T1> _arg1 = arg1;
    private Arg<T2> _arg2 = arg2;
    private Arg<T3> _arg3 = arg3;

    protected override void ReleaseCall()
    {
        _body = null;
        (_arg1, _arg2, _arg3) = (default, default, default);
    }

    protected override void RegisterDependencies()
    {
        AddDependency(_arg1.Ref);
        AddDependency(_arg2.Ref);
        AddDependency(_arg3.Ref);
    }

    protected override TResult Call() => _body!(_arg1.Resolve(), _arg2.Resolve(), _arg3.Resolve());
}

internal sealed class FunctionCall<T1, T2, T3, T4, TResult>(
    RemoteFunction function, long id, Func<T1, T2, T3, T4, TResult> body, Arg<T1> arg1, Arg<T2> arg2, Arg<T3> arg3, Arg<T4> arg4)
    : TaskRecord<TResult>(function, id)
{
    private Func<T1, T2, T3, T4, TResult>? _body = body;
    private Arg<T1> _arg1 = arg1;
    private Arg<T2> _arg2 = arg2;
    private Arg<T3> _arg3 = arg3;
    private Arg<T4> _arg4 = arg4;

    protected override void ReleaseCall()
    {
        _body = null;
        (_arg1, _arg2, _arg3, _arg4) = (default, default, default, default);
    }

    protected override void RegisterDependencies()
    {
        AddDependency(_arg1.Ref);
        AddDependency(_arg2.Ref);
        AddDependency(_arg3.Ref);
        AddDependency(_arg4.Ref);
    }

    protected override TResult Call() => _body!(_arg1.Resolve(), _arg2.Resolve(), _arg3.Resolve(), _arg4.Resolve());
}
