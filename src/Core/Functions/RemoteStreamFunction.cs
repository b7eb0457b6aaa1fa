using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Scheduling;

namespace GpuRay.Functions;

/// <summary>
/// A function whose tasks produce a stream of items (Ray's <c>num_returns="streaming"</c>): <c>Remote</c> returns an
/// <see cref="ObjectRefStream{T}"/> at once, and each item arrives as a ref while the task still runs. Made with
/// <c>RemoteStream</c>; immutable, like <see cref="RemoteFunction"/>. The typed forms take 0 to 4 arguments.
/// </summary>
/// <remarks>
/// A streaming task holds its resources until its producer ends. With <see cref="TaskOptions.StreamBackpressure"/>, the
/// producer waits while that many items are untaken, keeping its CPU. A retried task does not deliver an item twice:
/// the items an earlier attempt delivered are skipped. With <see cref="TaskIsolation.Process"/>, the producer runs in a
/// worker process and its items come back over the worker's pipe as they are produced.
/// </remarks>
public abstract class RemoteStreamFunction
{
    private protected RemoteStreamFunction(RemoteFunction inner)
    {
        Inner = inner;
    }

    /// <summary>The stable name: the method's declaring type and name, unless one was given.</summary>
    public string Name => Inner.Name;

    /// <summary>The options every task of this function gets.</summary>
    public TaskOptions Options => Inner.Options;

    /// <summary>The runtime the tasks run on.</summary>
    public GpuRayRuntime Runtime => Inner.Runtime;

    /// <summary>The function that runs the producer as a task (its result is the number of items).</summary>
    private protected RemoteFunction Inner { get; }

    /// <summary>A copy with other options (validated); this function is unchanged.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message quotes it and lists what is valid.</exception>
    public abstract RemoteStreamFunction WithOptions(TaskOptions options);

    /// <summary>A copy with options changed from the current ones, e.g. <c>f.WithOptions(o =&gt; o with { StreamBackpressure = 8 })</c>.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public RemoteStreamFunction WithOptions(Func<TaskOptions, TaskOptions> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return WithOptions(change(Options));
    }

    /// <inheritdoc/>
    public override string ToString() => $"RemoteStreamFunction({Name})";

    /// <summary>Checks the runtime is open and the demand can fit, and returns a fresh task id.</summary>
    private protected long BeginSubmit() => Runtime.BeginSubmit(Inner);

    /// <summary>Gives the task its stream before it can run, then submits it.</summary>
    private protected ObjectRefStream<TItem> Submit<TItem>(TaskRef<long> task)
    {
        var buffer = new StreamBuffer<TItem>(Runtime, Options.StreamBackpressure);
        StreamSinks.Attach(task, buffer);
        buffer.Watch(task);
        var stream = new ObjectRefStream<TItem>(task, buffer);
        Runtime.Scheduler.Submit(task);
        return stream;
    }
}
