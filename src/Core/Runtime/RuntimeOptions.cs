using GpuRay.Resources;

using Microsoft.Extensions.Logging;

namespace GpuRay.Runtime;

/// <summary>How a runtime's node is set up.</summary>
public sealed record RuntimeOptions
{
    /// <summary>CPU slots the node offers.</summary>
    /// <value>null: one per core (<see cref="Environment.ProcessorCount"/>).</value>
    public double? NumCpus { get; init; }

    /// <summary>Custom resources the node offers, e.g. <c>{"ssd": 2}</c>.</summary>
    /// <value>None.</value>
    public IReadOnlyDictionary<string, double>? Resources { get; init; }

    /// <summary>The object store's limit in bytes.</summary>
    /// <value>null: 30% of the memory available to the process, as in Ray.</value>
    public long? ObjectStoreMemory { get; init; }

    /// <summary>Objects smaller than this travel with their refs and are not counted by the store.</summary>
    /// <value>100 KiB, Ray's inline limit.</value>
    public long InlineObjectBytes { get; init; } = 100 * 1024;

    /// <summary>What happens to tasks that ask for more than the node has.</summary>
    /// <value><see cref="InfeasibleTaskPolicy.Fail"/>.</value>
    public InfeasibleTaskPolicy InfeasibleTasks { get; init; } = InfeasibleTaskPolicy.Fail;

    /// <summary>Where the runtime logs (warnings about tiny tasks, unhandled task errors, retries).</summary>
    /// <value>null: no logging.</value>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Makes the node's GPU device provider (GpuRay.Gpu's <c>UseGpus</c> sets it).</summary>
    /// <value>null: a CPU-only node.</value>
    public Func<ILoggerFactory, IDeviceProvider>? DeviceProvider { get; init; }

    /// <summary>Makes the node the scheduler dispatches to (tests step a node of their own).</summary>
    /// <value>null: the local node, on the thread pool.</value>
    internal Func<Scheduling.INode>? NodeFactory { get; init; }

    /// <summary>A function whose first <see cref="SmallTaskSampleSize"/> tasks average less than this gets one warning.</summary>
    /// <value>100 microseconds.</value>
    public TimeSpan SmallTaskThreshold { get; init; } = TimeSpan.FromMicroseconds(100);

    /// <summary>How many tasks of a function are timed before the small-task check.</summary>
    /// <value>1,000.</value>
    public int SmallTaskSampleSize { get; init; } = 1000;

    /// <summary>
    /// How many task attempts the timeline keeps (the newest). The state API lists ended tasks from these, so this is
    /// also the bound on the ended tasks kept (88 bytes each; Ray keeps 100,000 task events).
    /// </summary>
    /// <value>262,144 (rounded up to a power of two, at least 4,096).</value>
    public int TimelineCapacity { get; init; } = 1 << 18;

    /// <summary>How many idle worker processes the node keeps for tasks with <see cref="Options.TaskIsolation.Process"/>.</summary>
    /// <value>null: one per CPU slot (at least one).</value>
    public int? MaxIdleWorkers { get; init; }

    /// <summary>How long a new worker process may take to report ready before its task fails.</summary>
    /// <value>60 seconds.</value>
    public TimeSpan WorkerStartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Whether the error of a failed task whose result is never read is logged when its ref is collected, as Ray
    /// reports unhandled errors. Turn it off where failures are expected and read some other way.
    /// </summary>
    /// <value>true.</value>
    public bool ReportUnhandledErrors { get; init; } = true;

    /// <summary>
    /// How long disposing the runtime waits for running tasks to return after cancelling them. A task that ignores its
    /// token is then left running: the shutdown logs which tasks still run (names and ids), stops the worker
    /// processes and returns; the devices are released once those tasks end.
    /// </summary>
    /// <value>30 seconds; <see cref="TimeSpan.Zero"/> does not wait; <see cref="Timeout.InfiniteTimeSpan"/> waits without limit.</value>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
