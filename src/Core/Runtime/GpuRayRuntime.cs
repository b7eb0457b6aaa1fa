using System.Collections.Concurrent;

using GpuRay.Errors;
using GpuRay.Functions;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Resources;
using GpuRay.Runtime;
using GpuRay.Scheduling;
using GpuRay.Timeline;
using GpuRay.Workers;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GpuRay;

/// <summary>
/// A GpuRay node in this process: its resources, scheduler, object store and timeline. Start one with
/// <see cref="StartAsync"/>, make remote functions with <c>Remote</c>, and dispose it when done.
/// </summary>
/// <remarks>Thread-safe. Disposing cancels the tasks that have not finished and waits for running ones to return.</remarks>
public sealed partial class GpuRayRuntime : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, (Delegate Body, RemoteFunction Function)> _functions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _infeasibleWarned = new(StringComparer.Ordinal);
    private readonly RuntimeOptions _options;
    private readonly IDeviceProvider? _devices;
    private readonly ILogger _logger;
    private readonly Lazy<WorkerPool> _workers;
    private long _nextId;
    private int _disposed;
    private TaskCompletionSource? _shutdown;

    private GpuRayRuntime(RuntimeOptions options)
    {
        _options = options;
        ILoggerFactory loggers = options.LoggerFactory ?? NullLoggerFactory.Instance;
        _logger = loggers.CreateLogger("GpuRay");
        _devices = options.DeviceProvider?.Invoke(loggers);
        try
        {
            double cpus = options.NumCpus ?? Environment.ProcessorCount;
            IReadOnlyDictionary<string, double> custom = options.Resources ?? new Dictionary<string, double>();
            TaskOptionRules.ValidateNode(cpus, custom);
            ValidateShutdownTimeout(options.ShutdownTimeout);
            Ledger = new ResourceLedger(cpus, custom, _devices?.Devices ?? []);
            long limit = options.ObjectStoreMemory ?? (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 0.3);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit, nameof(options.ObjectStoreMemory));
            Store = new ObjectStore(limit, options.InlineObjectBytes);
            Timeline = new TaskTimeline(options.TimelineCapacity);
            Scheduler = new Scheduler(Ledger, options.NodeFactory?.Invoke() ?? new LocalNode(), _devices, Store, Timeline, _logger)
            {
                FailsInfeasibleTasks = options.InfeasibleTasks == InfeasibleTaskPolicy.Fail,
                ReportsUnhandledErrors = options.ReportUnhandledErrors,
            };
            if (_devices is not null)
            {
                _devices.DeviceLost += OnDeviceLost;
            }

            int maxIdle = options.MaxIdleWorkers ?? Math.Max(1, (int)Math.Ceiling(cpus));
            ArgumentOutOfRangeException.ThrowIfNegative(maxIdle, nameof(options.MaxIdleWorkers));
            _workers = new Lazy<WorkerPool>(() => new WorkerPool(maxIdle, options.WorkerStartTimeout, _logger), LazyThreadSafetyMode.ExecutionAndPublication);
        }
        catch
        {
            _devices?.Dispose();
            throw;
        }
    }

    /// <summary>The timeline of every task attempt.</summary>
    public TaskTimeline Timeline { get; }

    /// <summary>The GPU devices this node offers, indexed by GPU id.</summary>
    public IReadOnlyList<DeviceSlot> Devices => Ledger.Devices;

    internal Scheduler Scheduler { get; }

    internal ResourceLedger Ledger { get; }

    internal ObjectStore Store { get; }

    internal ILogger Logger => _logger;

    /// <summary>The worker processes of tasks with <see cref="TaskIsolation.Process"/>, started on first use.</summary>
    /// <exception cref="ObjectDisposedException">The runtime was disposed.</exception>
    internal WorkerPool Workers
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            WorkerPool pool = _workers.Value;

            // A pool made while DisposeAsync ran (after it looked for one) would outlive the runtime: let it go here.
            if (Volatile.Read(ref _disposed) != 0)
            {
                pool.Dispose();
                throw new ObjectDisposedException(nameof(GpuRayRuntime));
            }

            return pool;
        }
    }

    /// <summary>Starts a node in this process.</summary>
    /// <param name="options">The node's set-up; null for the defaults (all cores, no custom resources, no GPUs).</param>
    /// <returns>The started runtime; dispose it when done.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static Task<GpuRayRuntime> StartAsync(RuntimeOptions? options = null) => Task.FromResult(Start(options));

    /// <summary>Starts a node in this process (the synchronous form of <see cref="StartAsync"/>).</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static GpuRayRuntime Start(RuntimeOptions? options = null) => new(options ?? new RuntimeOptions());

    /// <summary>Makes a remote function of no argument.</summary>
    /// <param name="function">A static method, method group or lambda.</param>
    /// <param name="name">Its stable name; by default the method's declaring type and name.</param>
    /// <param name="options">Its default task options; by default <see cref="TaskOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">The name is taken by another method, or an option is invalid.</exception>
    public RemoteFunction<TResult> Remote<TResult>(Func<TResult> function, string? name = null, TaskOptions? options = null) =>
        Register(function, name, n => new RemoteFunction<TResult>(this, function, n, options ?? TaskOptions.Default));

    /// <summary>Makes a remote function of one argument.</summary>
    /// <inheritdoc cref="Remote{TResult}(Func{TResult}, string?, TaskOptions?)"/>
    public RemoteFunction<T1, TResult> Remote<T1, TResult>(Func<T1, TResult> function, string? name = null, TaskOptions? options = null) =>
        Register(function, name, n => new RemoteFunction<T1, TResult>(this, function, n, options ?? TaskOptions.Default));

    /// <summary>Makes a remote function of two arguments.</summary>
    /// <inheritdoc cref="Remote{TResult}(Func{TResult}, string?, TaskOptions?)"/>
    public RemoteFunction<T1, T2, TResult> Remote<T1, T2, TResult>(Func<T1, T2, TResult> function, string? name = null, TaskOptions? options = null) =>
        Register(function, name, n => new RemoteFunction<T1, T2, TResult>(this, function, n, options ?? TaskOptions.Default));

    /// <summary>Makes a remote function of three arguments.</summary>
    /// <inheritdoc cref="Remote{TResult}(Func{TResult}, string?, TaskOptions?)"/>
    public RemoteFunction<T1, T2, T3, TResult> Remote<T1, T2, T3, TResult>(
        Func<T1, T2, T3, TResult> function, string? name = null, TaskOptions? options = null) =>
        Register(function, name, n => new RemoteFunction<T1, T2, T3, TResult>(this, function, n, options ?? TaskOptions.Default));

    /// <summary>Makes a remote function of four arguments.</summary>
    /// <inheritdoc cref="Remote{TResult}(Func{TResult}, string?, TaskOptions?)"/>
    public RemoteFunction<T1, T2, T3, T4, TResult> Remote<T1, T2, T3, T4, TResult>(
        Func<T1, T2, T3, T4, TResult> function, string? name = null, TaskOptions? options = null) =>
        Register(function, name, n => new RemoteFunction<T1, T2, T3, T4, TResult>(this, function, n, options ?? TaskOptions.Default));

    /// <summary>
    /// Makes a remote function of an async body. Each task runs until the returned Task completes, holding its
    /// resources throughout, and its result is the Task's result; an exception the Task ends with fails the task as a
    /// thrown one does.
    /// </summary>
    /// <param name="function">An async static method, method group or lambda.</param>
    /// <param name="name">Its stable name; by default the method's declaring type and name.</param>
    /// <param name="options">Its default task options; by default <see cref="TaskOptions.Default"/>.</param>
    /// <remarks>
    /// The body's continuations run on the task's own thread (it has a synchronization context of its own), so
    /// <see cref="Scheduling.TaskContext.Current"/>, a GPU task's accelerator and the cancellation token are there after
    /// every await. While it awaits something else (I/O), the task keeps its CPU, so NumCpus bounds how many run at
    /// once. While it waits on GpuRay work (an awaited ref that is not ready, or tasks it submitted still running), its
    /// CPU is lent out as in a blocking Get, so awaiting CPU-only children cannot deadlock the node (GPUs and custom
    /// resources stay held). <c>ConfigureAwait(false)</c> leaves the task's thread: the code after it runs on the
    /// thread pool outside the task (no task context, and what it submits has no parent). A body whose Task ends
    /// cancelled fails the task with that cancellation as its cause; only <c>Cancel</c> makes a task cancelled. Async
    /// functions run in this process (not with <see cref="TaskIsolation.Process"/>).
    /// </remarks>
    /// <exception cref="ArgumentException">The name is taken by another method, or an option is invalid.</exception>
    public RemoteFunction<TResult> RemoteAsync<TResult>(Func<Task<TResult>> function, string? name = null, TaskOptions? options = null) =>
        Register(function, name, n => new RemoteFunction<TResult>(this, () => AsyncBody.Run(function), n, options ?? TaskOptions.Default, asyncBody: function));

    /// <summary>Makes a remote function of an async body of one argument.</summary>
    /// <inheritdoc cref="RemoteAsync{TResult}(Func{Task{TResult}}, string?, TaskOptions?)"/>
    public RemoteFunction<T1, TResult> RemoteAsync<T1, TResult>(Func<T1, Task<TResult>> function, string? name = null, TaskOptions? options = null) =>
        Register(function, name, n => new RemoteFunction<T1, TResult>(this, a => AsyncBody.Run(() => function(a)), n, options ?? TaskOptions.Default, asyncBody: function));

    /// <summary>Makes a remote function of an async body of two arguments.</summary>
    /// <inheritdoc cref="RemoteAsync{TResult}(Func{Task{TResult}}, string?, TaskOptions?)"/>
    public RemoteFunction<T1, T2, TResult> RemoteAsync<T1, T2, TResult>(
        Func<T1, T2, Task<TResult>> function, string? name = null, TaskOptions? options = null) =>
        Register(function, name, n => new RemoteFunction<T1, T2, TResult>(
            this, (a, b) => AsyncBody.Run(() => function(a, b)), n, options ?? TaskOptions.Default, asyncBody: function));

    /// <summary>Makes a remote function of an async body of three arguments.</summary>
    /// <inheritdoc cref="RemoteAsync{TResult}(Func{Task{TResult}}, string?, TaskOptions?)"/>
    public RemoteFunction<T1, T2, T3, TResult> RemoteAsync<T1, T2, T3, TResult>(
        Func<T1, T2, T3, Task<TResult>> function, string? name = null, TaskOptions? options = null) =>
        Register(function, name, n => new RemoteFunction<T1, T2, T3, TResult>(
            this, (a, b, c) => AsyncBody.Run(() => function(a, b, c)), n, options ?? TaskOptions.Default, asyncBody: function));

    /// <summary>Makes a remote function of an async body of four arguments.</summary>
    /// <inheritdoc cref="RemoteAsync{TResult}(Func{Task{TResult}}, string?, TaskOptions?)"/>
    public RemoteFunction<T1, T2, T3, T4, TResult> RemoteAsync<T1, T2, T3, T4, TResult>(
        Func<T1, T2, T3, T4, Task<TResult>> function, string? name = null, TaskOptions? options = null) =>
        Register(function, name, n => new RemoteFunction<T1, T2, T3, T4, TResult>(
            this, (a, b, c, d) => AsyncBody.Run(() => function(a, b, c, d)), n, options ?? TaskOptions.Default, asyncBody: function));

    /// <summary>Finds a remote function by its stable name (how a cluster node finds the code to run).</summary>
    public bool TryGetFunction(string name, out RemoteFunction? function)
    {
        ArgumentNullException.ThrowIfNull(name);
        bool found = _functions.TryGetValue(name, out var entry);
        function = found ? entry.Function : null;
        return found;
    }

    /// <summary>
    /// Starts worker processes ahead of tasks with <see cref="TaskIsolation.Process"/> (as Ray starts its workers
    /// with the node), so that the first tasks do not wait for a process to start. Returns once
    /// <paramref name="count"/> workers are up; workers already up count.
    /// </summary>
    /// <param name="count">How many workers should be up; at most <see cref="RuntimeOptions.MaxIdleWorkers"/> stay idle.</param>
    /// <param name="cancellationToken">Stops waiting (the workers being started still start).</param>
    /// <exception cref="Errors.WorkerStartException">A worker could not be started; the message says why.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public Task PrestartWorkersAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WorkerPool pool = Workers;
        return Task.Run(() => pool.Prestart(Math.Min(count, pool.MaxIdle)), CancellationToken.None).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Cancels every task that has not finished, waits for the running ones to return, then stops the worker
    /// processes and releases the devices. Every call returns the same shutdown: a second caller waits for it too.
    /// </summary>
    /// <remarks>
    /// Awaited inside one of this runtime's tasks, it completes only after that task has ended; use
    /// <see cref="Dispose"/> there, which returns at once.
    /// </remarks>
    /// <returns>Completes when the runtime has shut down.</returns>
    public ValueTask DisposeAsync()
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _shutdown, mine, null) is { } started)
        {
            return new ValueTask(started.Task);
        }

        Volatile.Write(ref _disposed, 1);
        _ = ShutDownAsync(mine);
        return new ValueTask(mine.Task);
    }

    /// <summary>Shuts the runtime down (see <see cref="DisposeAsync"/>) and waits for it.</summary>
    /// <remarks>
    /// Called inside one of this runtime's tasks, it cannot wait for the running tasks to return, since the calling
    /// task is one of them: it cancels every task (the calling task's token is signalled and its ref fails as
    /// cancelled) and returns, and the shutdown completes once the calling task ends. A failure of that late part is
    /// logged.
    /// </remarks>
    public void Dispose()
    {
        Task shutdown = DisposeAsync().AsTask();
        if (ObjectRef.Current is { } current && ReferenceEquals(current.Scheduler, Scheduler))
        {
            _ = shutdown.ContinueWith(
                static (failed, state) => Scheduling.Scheduler.SafeLog(() => ((ILogger)state!).LogError(failed.Exception, "Shutting the runtime down failed.")),
                _logger,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return;
        }

        shutdown.GetAwaiter().GetResult();
    }

    private async Task ShutDownAsync(TaskCompletionSource done)
    {
        Task? drained = null;
        try
        {
            try
            {
                drained = Scheduler.ShutdownAsync();
                await WaitForRunningTasksAsync(drained).ConfigureAwait(false);
                if (_workers.IsValueCreated)
                {
                    _workers.Value.Dispose();
                }
            }
            finally
            {
                // The devices go even when stopping the workers failed: an ILGPU context must not outlive the node. A
                // task still running on one (it ignored its token) keeps it until it returns.
                ReleaseDevicesAfter(drained);
            }

            done.SetResult();
        }
        catch (Exception ex)
        {
            done.SetException(ex);
        }
    }

    private void OnDeviceLost(object? sender, DeviceLostEventArgs lost)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lost.Index, nameof(lost.Index));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lost.Index, Ledger.Devices.Count, nameof(lost.Index));
        _logger.LogWarning("GPU {Index} is out of service: {Cause}. No task is placed on it again.", lost.Index, lost.Cause);
        Scheduler.RemoveDevice(lost.Index, lost.Cause);
    }

    internal FunctionStats NewFunctionStats() => new(_options.SmallTaskSampleSize, _options.SmallTaskThreshold);

    internal long BeginSubmit(RemoteFunction function)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        InfeasibleTaskException? infeasible = function.Infeasible
            ?? (function.Demand.NeedsDevice && Ledger.LostCount > 0 ? function.FindInfeasible() : null);
        if (infeasible is not null)
        {
            if (_options.InfeasibleTasks == InfeasibleTaskPolicy.Fail)
            {
                throw infeasible;
            }

            if (_infeasibleWarned.TryAdd(function.TaskName, 0))
            {
                _logger.LogWarning("{Message}", infeasible.Message);
            }
        }

        return Interlocked.Increment(ref _nextId);
    }

    private TFunction Register<TFunction>(Delegate body, string? name, Func<string, TFunction> create)
        where TFunction : RemoteFunction
    {
        ArgumentNullException.ThrowIfNull(body);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (name is not null && string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A remote function's name must not be blank.", nameof(name));
        }

        string stableName = name ?? FunctionNames.Of(body);
        TFunction function = create(stableName);
        var entry = _functions.GetOrAdd(stableName, (body, function));
        if (entry.Body.Method != body.Method)
        {
            throw new ArgumentException(
                $"A remote function named '{stableName}' already exists for {FunctionNames.Of(entry.Body)}; give this one another name.",
                nameof(name));
        }

        return function;
    }
}
