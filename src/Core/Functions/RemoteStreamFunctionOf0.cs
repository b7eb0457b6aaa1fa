using GpuRay.Objects;
using GpuRay.Options;

namespace GpuRay.Functions;

/// <summary>A streaming remote function of 0 arguments; <see cref="Remote"/> submits a task and returns its stream.</summary>
/// <typeparam name="TItem">The items' type.</typeparam>
public sealed class RemoteStreamFunction<TItem> : RemoteStreamFunction
{
    private readonly RemoteFunction<long> _inner;

    internal RemoteStreamFunction(RemoteFunction<long> inner)
        : base(inner)
    {
        _inner = inner;
    }

    /// <summary>Submits one task and returns the stream of its items at once.</summary>
    /// <returns>The items as refs, each as soon as it is produced.</returns>
    /// <exception cref="Errors.InfeasibleTaskException">The task asks for more than the node has (with the fail-fast policy).</exception>
    /// <exception cref="ObjectDisposedException">The runtime was disposed.</exception>
    public ObjectRefStream<TItem> Remote() => Submit<TItem>(new FunctionCall<long>(_inner, BeginSubmit()));

    /// <inheritdoc/>
    public override RemoteStreamFunction<TItem> WithOptions(TaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(_inner.WithOptions(options));
    }
}
