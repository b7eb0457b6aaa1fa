using GpuRay.Objects;
using GpuRay.Options;

namespace GpuRay.Functions;

/// <summary>A streaming remote function of 1 argument; <see cref="Remote"/> submits a task and returns its stream.</summary>
/// <typeparam name="T1">The type of argument 1.</typeparam>
/// <typeparam name="TItem">The items' type.</typeparam>
public sealed class RemoteStreamFunction<T1, TItem> : RemoteStreamFunction
{
    private readonly RemoteFunction<T1, long> _inner;

    internal RemoteStreamFunction(RemoteFunction<T1, long> inner)
        : base(inner)
    {
        _inner = inner;
    }

    /// <summary>Submits one task and returns the stream of its items at once.</summary>
    /// <param name="arg1">Argument 1: a value, or a ref whose value the task receives.</param>
    /// <returns>The items as refs, each as soon as it is produced.</returns>
    /// <exception cref="Errors.InfeasibleTaskException">The task asks for more than the node has (with the fail-fast policy).</exception>
    /// <exception cref="ObjectDisposedException">The runtime was disposed.</exception>
    public ObjectRefStream<TItem> Remote(Arg<T1> arg1) => Submit<TItem>(new FunctionCall<T1, long>(_inner, BeginSubmit(), arg1));

    /// <inheritdoc/>
    public override RemoteStreamFunction<T1, TItem> WithOptions(TaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(_inner.WithOptions(options));
    }
}
