using GpuRay.Objects;
using GpuRay.Options;

namespace GpuRay.Functions;

/// <summary>A remote function of 2 arguments; <see cref="Remote"/> submits a task.</summary>
/// <typeparam name="T1">The type of argument 1.</typeparam>
/// <typeparam name="T2">The type of argument 2.</typeparam>
/// <typeparam name="TResult">The result type.</typeparam>
public sealed class RemoteFunction<T1, T2, TResult> : RemoteFunction
{
    private readonly Func<T1, T2, TResult> _body;

    /// <summary>The delegate every task of this function calls.</summary>
    internal Func<T1, T2, TResult> Body => _body;

    internal RemoteFunction(GpuRayRuntime runtime, Func<T1, T2, TResult> body, string name, TaskOptions options, FunctionStats? stats = null, Delegate? asyncBody = null)
        : base(runtime, body, name, options, stats, asyncBody)
    {
        _body = body;
    }

    /// <summary>Submits one task and returns its result ref at once.</summary>
    /// <param name="arg1">Argument 1: a value, or a ref whose value the task receives.</param>
    /// <param name="arg2">Argument 2: a value, or a ref whose value the task receives.</param>
    /// <returns>The ref of the task's result.</returns>
    /// <exception cref="Errors.InfeasibleTaskException">The task asks for more than the node has (with the fail-fast policy).</exception>
    /// <exception cref="ObjectDisposedException">The runtime was disposed.</exception>
    public ObjectRef<TResult> Remote(Arg<T1> arg1, Arg<T2> arg2)
    {
        var task = new FunctionCall<T1, T2, TResult>(this, BeginSubmit(), arg1, arg2);
        Runtime.Scheduler.Submit(task);
        return task;
    }

    /// <inheritdoc/>
    public override RemoteFunction<T1, T2, TResult> WithOptions(TaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(Runtime, _body, Name, options, Stats, AsyncBody);
    }
}
