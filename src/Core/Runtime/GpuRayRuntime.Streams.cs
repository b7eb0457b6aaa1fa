using GpuRay.Functions;
using GpuRay.Objects;
using GpuRay.Options;

namespace GpuRay;

public sealed partial class GpuRayRuntime
{

    /// <summary>
    /// Makes a streaming remote function (Ray's <c>num_returns="streaming"</c>): each task runs the producer, and its
    /// items reach the caller's <see cref="ObjectRefStream{T}"/> as refs while it still runs.
    /// </summary>
    /// <param name="function">A static method, method group or lambda returning the items (an async iterator, or a plain one).</param>
    /// <param name="name">Its stable name; by default the method's declaring type and name.</param>
    /// <param name="options">Its default task options; by default <see cref="TaskOptions.Default"/>.</param>
    /// <remarks>
    /// An async producer runs as an async body does (<see cref="RemoteAsync{TResult}(Func{Task{TResult}}, string?, TaskOptions?)"/>),
    /// on the task's thread; its enumerator's cancellation token, and <see cref="Scheduling.TaskContext.CancellationToken"/>,
    /// are signalled when the stream is cancelled. The task holds its resources until the producer ends. An exception
    /// the producer throws ends the stream with a failed ref at that item (after retries, if any).
    /// </remarks>
    /// <exception cref="ArgumentException">The name is taken by another method, or an option is invalid.</exception>
    public RemoteStreamFunction<TItem> RemoteStream<TItem>(Func<IAsyncEnumerable<TItem>> function, string? name = null, TaskOptions? options = null) =>
        new(Register(function, name, n => new RemoteFunction<long>(this, () => StreamBody.Run(() => function()), n, options ?? TaskOptions.Default, asyncBody: function)));

    /// <summary>Makes a streaming remote function of 0 arguments whose producer is a plain iterator.</summary>
    /// <inheritdoc cref="RemoteStream{TItem}(Func{IAsyncEnumerable{TItem}}, string?, TaskOptions?)"/>
    public RemoteStreamFunction<TItem> RemoteStream<TItem>(Func<IEnumerable<TItem>> function, string? name = null, TaskOptions? options = null) =>
        new(Register(function, name, n => new RemoteFunction<long>(this, () => StreamBody.Run(() => function()), n, options ?? TaskOptions.Default, asyncBody: function)));

    /// <summary>Makes a streaming remote function of 1 argument whose producer is an async iterator.</summary>
    /// <inheritdoc cref="RemoteStream{TItem}(Func{IAsyncEnumerable{TItem}}, string?, TaskOptions?)"/>
    public RemoteStreamFunction<T1, TItem> RemoteStream<T1, TItem>(Func<T1, IAsyncEnumerable<TItem>> function, string? name = null, TaskOptions? options = null) =>
        new(Register(function, name, n => new RemoteFunction<T1, long>(this, a1 => StreamBody.Run(() => function(a1)), n, options ?? TaskOptions.Default, asyncBody: function)));

    /// <summary>Makes a streaming remote function of 1 argument whose producer is a plain iterator.</summary>
    /// <inheritdoc cref="RemoteStream{TItem}(Func{IAsyncEnumerable{TItem}}, string?, TaskOptions?)"/>
    public RemoteStreamFunction<T1, TItem> RemoteStream<T1, TItem>(Func<T1, IEnumerable<TItem>> function, string? name = null, TaskOptions? options = null) =>
        new(Register(function, name, n => new RemoteFunction<T1, long>(this, a1 => StreamBody.Run(() => function(a1)), n, options ?? TaskOptions.Default, asyncBody: function)));

    /// <summary>Makes a streaming remote function of 2 arguments whose producer is an async iterator.</summary>
    /// <inheritdoc cref="RemoteStream{TItem}(Func{IAsyncEnumerable{TItem}}, string?, TaskOptions?)"/>
    public RemoteStreamFunction<T1, T2, TItem> RemoteStream<T1, T2, TItem>(Func<T1, T2, IAsyncEnumerable<TItem>> function, string? name = null, TaskOptions? options = null) =>
        new(Register(function, name, n => new RemoteFunction<T1, T2, long>(this, (a1, a2) => StreamBody.Run(() => function(a1, a2)), n, options ?? TaskOptions.Default, asyncBody: function)));

    /// <summary>Makes a streaming remote function of 2 arguments whose producer is a plain iterator.</summary>
    /// <inheritdoc cref="RemoteStream{TItem}(Func{IAsyncEnumerable{TItem}}, string?, TaskOptions?)"/>
    public RemoteStreamFunction<T1, T2, TItem> RemoteStream<T1, T2, TItem>(Func<T1, T2, IEnumerable<TItem>> function, string? name = null, TaskOptions? options = null) =>
        new(Register(function, name, n => new RemoteFunction<T1, T2, long>(this, (a1, a2) => StreamBody.Run(() => function(a1, a2)), n, options ?? TaskOptions.Default, asyncBody: function)));

    /// <summary>Makes a streaming remote function of 3 arguments whose producer is an async iterator.</summary>
    /// <inheritdoc cref="RemoteStream{TItem}(Func{IAsyncEnumerable{TItem}}, string?, TaskOptions?)"/>
    public RemoteStreamFunction<T1, T2, T3, TItem> RemoteStream<T1, T2, T3, TItem>(Func<T1, T2, T3, IAsyncEnumerable<TItem>> function, string? name = null, TaskOptions? options = null) =>
        new(Register(function, name, n => new RemoteFunction<T1, T2, T3, long>(this, (a1, a2, a3) => StreamBody.Run(() => function(a1, a2, a3)), n, options ?? TaskOptions.Default, asyncBody: function)));

    /// <summary>Makes a streaming remote function of 3 arguments whose producer is a plain iterator.</summary>
    /// <inheritdoc cref="RemoteStream{TItem}(Func{IAsyncEnumerable{TItem}}, string?, TaskOptions?)"/>
    public RemoteStreamFunction<T1, T2, T3, TItem> RemoteStream<T1, T2, T3, TItem>(Func<T1, T2, T3, IEnumerable<TItem>> function, string? name = null, TaskOptions? options = null) =>
        new(Register(function, name, n => new RemoteFunction<T1, T2, T3, long>(this, (a1, a2, a3) => StreamBody.Run(() => function(a1, a2, a3)), n, options ?? TaskOptions.Default, asyncBody: function)));

    /// <summary>Makes a streaming remote function of 4 arguments whose producer is an async iterator.</summary>
    /// <inheritdoc cref="RemoteStream{TItem}(Func{IAsyncEnumerable{TItem}}, string?, TaskOptions?)"/>
    public RemoteStreamFunction<T1, T2, T3, T4, TItem> RemoteStream<T1, T2, T3, T4, TItem>(Func<T1, T2, T3, T4, IAsyncEnumerable<TItem>> function, string? name = null, TaskOptions? options = null) =>
        new(Register(function, name, n => new RemoteFunction<T1, T2, T3, T4, long>(this, (a1, a2, a3, a4) => StreamBody.Run(() => function(a1, a2, a3, a4)), n, options ?? TaskOptions.Default, asyncBody: function)));

    /// <summary>Makes a streaming remote function of 4 arguments whose producer is a plain iterator.</summary>
    /// <inheritdoc cref="RemoteStream{TItem}(Func{IAsyncEnumerable{TItem}}, string?, TaskOptions?)"/>
    public RemoteStreamFunction<T1, T2, T3, T4, TItem> RemoteStream<T1, T2, T3, T4, TItem>(Func<T1, T2, T3, T4, IEnumerable<TItem>> function, string? name = null, TaskOptions? options = null) =>
        new(Register(function, name, n => new RemoteFunction<T1, T2, T3, T4, long>(this, (a1, a2, a3, a4) => StreamBody.Run(() => function(a1, a2, a3, a4)), n, options ?? TaskOptions.Default, asyncBody: function)));

    /// <summary>Cancels a streaming task (see <see cref="ObjectRefStream{T}.Cancel"/>).</summary>
    /// <param name="stream">The task's stream.</param>
    /// <param name="recursive">Also cancel the tasks the producer has submitted.</param>
    public void Cancel<T>(ObjectRefStream<T> stream, bool recursive = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Cancel(recursive);
    }
}
