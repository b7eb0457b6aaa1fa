using GpuRay.Errors;
using GpuRay.Options;
using GpuRay.Resources;
using GpuRay.Workers;

namespace GpuRay.Functions;

/// <summary>
/// A function that runs as remote tasks: a delegate, a stable name and default options. Immutable:
/// <see cref="WithOptions(TaskOptions)"/> returns a validated copy. The typed forms take 0 to 4 arguments.
/// </summary>
/// <remarks>
/// With <see cref="TaskIsolation.Process"/>, each task runs in a worker process (see <see cref="GpuRayRuntime.PrestartWorkersAsync"/>).
/// Such a function must be a static method, or a lambda that captures nothing, that is not generic. Its arguments
/// (ref arguments are resolved here first) and its result travel as JSON: concrete types whose public properties
/// and fields JSON can write and read back (records, arrays, lists, dictionaries, primitives, strings, BigInteger).
/// Making the function checks this and says what stops it. In the worker, <see cref="Scheduling.TaskContext.Current"/>
/// is null and there is no runtime to submit nested tasks to. An exception the body throws comes back as its own type
/// when that type has a public constructor taking a message, otherwise as a <see cref="WorkerTaskException"/>.
/// </remarks>
public abstract class RemoteFunction
{
    private protected RemoteFunction(GpuRayRuntime runtime, Delegate body, string name, TaskOptions options, FunctionStats? stats, Delegate? asyncBody)
    {
        Runtime = runtime;
        Name = name;
        Options = options.Validate();
        AsyncBody = asyncBody;
        if (asyncBody is null && Functions.AsyncBody.WhyNotAResult(body.Method.ReturnType) is { } why)
        {
            throw new ArgumentException(
                $"Remote function '{name}' returns {body.Method.ReturnType.Name}: as a task it would end, and give back its resources, before "
                + $"the work that value stands for, which would go on unseen. {char.ToUpperInvariant(why[0])}{why[1..]}.",
                nameof(body));
        }

        // A stream's body wraps the user's function (asyncBody), which is what a worker process runs.
        Type? streamItem = asyncBody is null ? null : StreamBody.ItemTypeOf(asyncBody.Method.ReturnType);
        if (asyncBody is not null && streamItem is null && options.Isolation == TaskIsolation.Process)
        {
            throw new ArgumentException(
                $"Remote function '{name}' is async, and async functions run in this process: Isolation = Process is not supported for them.",
                nameof(options));
        }

        if (Options.StreamBackpressure > 0 && streamItem is null)
        {
            throw new ArgumentException(
                $"Invalid value for option StreamBackpressure: {Options.StreamBackpressure} (remote function '{name}' is not a stream). Valid values are 0, or a bound for a function made with RemoteStream.",
                nameof(options));
        }

        ChecksReturnCount = ReturnCounts.CheckDeclared(name, body.Method.ReturnType, Options.NumReturns, streamItem is not null);
        Worker = options.Isolation == TaskIsolation.Process ? WorkerTarget.For(streamItem is null ? body : asyncBody!, name) : null;
        Stats = stats ?? runtime.NewFunctionStats();
        Demand = runtime.Ledger.CreateDemand(options);
        Infeasible = FindInfeasible();
    }

    /// <summary>True when a task's result (an array) must be as long as <see cref="TaskOptions.NumReturns"/>, checked as it returns.</summary>
    internal bool ChecksReturnCount { get; }

    /// <summary>
    /// The delegate the user gave when the body wraps it: an async function (<see cref="GpuRayRuntime.RemoteAsync{TResult}(Func{Task{TResult}}, string?, TaskOptions?)"/>)
    /// or a stream's producer (<c>RemoteStream</c>); otherwise null.
    /// </summary>
    private protected Delegate? AsyncBody { get; }

    /// <summary>The stable name: the method's declaring type and name, unless one was given.</summary>
    public string Name { get; }

    /// <summary>The options every task of this function gets.</summary>
    public TaskOptions Options { get; }

    /// <summary>The runtime the tasks run on.</summary>
    public GpuRayRuntime Runtime { get; }

    internal string TaskName => Options.Name ?? Name;

    internal ResourceDemand Demand { get; }

    internal FunctionStats Stats { get; }

    /// <summary>How a worker process finds the method, when the tasks run in one (<see cref="TaskIsolation.Process"/>).</summary>
    internal WorkerTarget? Worker { get; }

    /// <summary>Set when the demand could never fit on this node when the function was made.</summary>
    internal InfeasibleTaskException? Infeasible { get; }

    /// <summary>Whether the demand can fit on this node now (devices may have been lost since the function was made).</summary>
    /// <param name="failedAttempt">The failure of an attempt that is not retried because of it, kept as the cause.</param>
    internal InfeasibleTaskException? FindInfeasible(Exception? failedAttempt = null) =>
        Runtime.Ledger.FindInfeasible(Demand, Options) is { } problem
            ? new InfeasibleTaskException(TaskName, problem.Resource, problem.Requested, problem.Available, problem.Lost, failedAttempt)
            : null;

    /// <summary>A copy with other options (validated); this function is unchanged.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message quotes it and lists what is valid.</exception>
    public abstract RemoteFunction WithOptions(TaskOptions options);

    /// <summary>A copy with options changed from the current ones, e.g. <c>f.WithOptions(o =&gt; o with { NumGpus = 1 })</c>.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public RemoteFunction WithOptions(Func<TaskOptions, TaskOptions> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return WithOptions(change(Options));
    }

    /// <inheritdoc/>
    public override string ToString() => $"RemoteFunction({Name})";

    /// <summary>Checks the runtime is open and the demand can fit, and returns a fresh task id.</summary>
    private protected long BeginSubmit() => Runtime.BeginSubmit(this);
}
