using GpuRay.Objects;
using GpuRay.Options;

namespace GpuRay.Functions;

/// <summary>A remote function of 0 arguments; <see cref="Remote"/> submits a task.</summary>
/// <typeparam name="TResult">The result type.</typeparam>
public sealed class RemoteFunction<TResult> : RemoteFunction
{
    private readonly Func<TResult> _body;

    /// <summary>The delegate every task of this function calls.</summary>
    internal Func<TResult> Body => _body;

    internal RemoteFunction(GpuRayRuntime runtime, Func<TResult> body, string name, TaskOptions options, FunctionStats? stats = null, Delegate? asyncBody = null)
        : base(runtime, body, name, options, stats, asyncBody)
    {
        _body = body;
    }

    /// <summary>Submits one task and returns its result ref at once.</summary>
    /// <returns>The ref of the task's result.</returns>
    /// <exception cref="Errors.InfeasibleTaskException">The task asks for more than the node has (with the fail-fast policy).</exception>
    /// <exception cref="ObjectDisposedException">The runtime was disposed.</exception>
    public ObjectRef<TResult> Remote()
    {
        var task = new FunctionCall<TResult>(this, BeginSubmit());
        Runtime.Scheduler.Submit(task);
        return task;
    }

    /// <inheritdoc/>
    public override RemoteFunction<TResult> WithOptions(TaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(Runtime, _body, Name, options, Stats, AsyncBody);
    }
}
