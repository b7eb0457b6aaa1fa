namespace GpuRay.Options;

/// <summary>
/// What a task asks of the scheduler. Immutable: change it with a <c>with</c> expression or
/// <see cref="Functions.RemoteFunction.WithOptions(TaskOptions)"/>, which validates the copy.
/// </summary>
/// <remarks>The validation rules and the list of valid keywords live in one table, <see cref="TaskOptionRules"/>.</remarks>
public sealed record TaskOptions
{
    /// <summary>The defaults: 1 CPU, no GPU, 3 retries of system failures, no retry of exceptions.</summary>
    public static TaskOptions Default { get; } = new();

    /// <summary>CPU slots the task holds while it runs (fractional, steps of 0.0001).</summary>
    /// <value>1.</value>
    public double NumCpus { get; init; } = 1;

    /// <summary>GPU slots (fractional up to 1, then whole numbers; steps of 0.0001).</summary>
    /// <value>0.</value>
    public double NumGpus { get; init; }

    /// <summary>GPU memory in bytes that must be free on the task's device (on each device when NumGpus &gt; 1).</summary>
    /// <value>0.</value>
    /// <remarks>A task that asks for GPU memory runs on a device even when <see cref="NumGpus"/> is 0.</remarks>
    public long GpuMemory { get; init; }

    /// <summary>Custom resources, by name (for example <c>{"ssd": 1}</c>). "CPU", "GPU" and "GpuMemory" are not custom.</summary>
    /// <value>None.</value>
    public IReadOnlyDictionary<string, double>? Resources { get; init; }

    /// <summary>Retries after a failed attempt: at most MaxRetries + 1 attempts; -1 retries without limit.</summary>
    /// <value>3.</value>
    /// <remarks>System failures are always retried; exceptions from the task's code only as <see cref="RetryExceptions"/> allows.</remarks>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Which exceptions from the task's code are retried.</summary>
    /// <value><see cref="RetryExceptions.None"/>.</value>
    public RetryExceptions RetryExceptions { get; init; } = RetryExceptions.None;

    /// <summary>The task's name in errors, state and the timeline.</summary>
    /// <value>null: the remote function's name.</value>
    public string? Name { get; init; }

    /// <summary>How the scheduler chooses among devices that fit.</summary>
    /// <value><see cref="SchedulingStrategy.Default"/> (pack).</value>
    public SchedulingStrategy SchedulingStrategy { get; init; } = SchedulingStrategy.Default;

    /// <summary>Where the task's body runs: in this process, or in a worker process of its own.</summary>
    /// <value><see cref="TaskIsolation.None"/>: on a thread of this process.</value>
    /// <remarks>
    /// A task isolated in a process holds its CPUs as any task does. It cannot ask for GPUs (the devices' owners live in
    /// this process), and its function must be a static method or a lambda that captures nothing.
    /// </remarks>
    public TaskIsolation Isolation { get; init; }

    /// <summary>
    /// How many tasks of this function one worker process runs before it exits and a fresh worker takes its place, as
    /// Ray's <c>max_calls</c>. Only for <see cref="TaskIsolation.Process"/>.
    /// </summary>
    /// <value>0: no limit; a worker serves calls until the runtime ends.</value>
    /// <remarks>
    /// Recycling bounds what a task leaves behind in its worker: memory a native library leaks, a heap that keeps
    /// growing, static state. The pool starts the replacement in the background as the old worker leaves, so a call that
    /// comes a moment later finds it ready; calls that come back to back pay a worker start each (0.1 to 0.3 s).
    /// </remarks>
    public int MaxCalls { get; init; }

    /// <summary>
    /// How many values a task returns, each with a ref of its own, as Ray's <c>num_returns</c>: the items of a ValueTuple,
    /// or of an array of exactly that length. <see cref="Functions.MultipleReturns"/> (<c>RemoteMany</c>) splits them.
    /// </summary>
    /// <value>1: one ref for the whole result (a tuple's <c>RemoteMany</c> still gives one ref per item).</value>
    /// <remarks>A stream of results is a function made with <c>RemoteStream</c>, not a value of this option.</remarks>
    public int NumReturns { get; init; } = 1;

    /// <summary>
    /// For a function made with <c>RemoteStream</c>: how many items it may have produced that the consumer has not taken
    /// yet; at that many the producer waits (Ray's <c>_generator_backpressure_num_objects</c>).
    /// </summary>
    /// <value>0: no bound.</value>
    public int StreamBackpressure { get; init; }

    /// <summary>Throws when any option is invalid; the message quotes the value and says what is valid.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public TaskOptions Validate()
    {
        TaskOptionRules.Validate(this);
        return this;
    }

    /// <summary>
    /// Builds options from keywords, as Ray's <c>options(**kwargs)</c>: property names (<c>NumGpus</c>) or Ray's
    /// spelling (<c>num_gpus</c>), case-insensitive. Unknown keywords and bad values throw.
    /// </summary>
    /// <exception cref="ArgumentException">A keyword is unknown, or a value is invalid.</exception>
    public static TaskOptions FromKeywords(IReadOnlyDictionary<string, object?> keywords, TaskOptions? start = null)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        TaskOptions options = start ?? Default;
        foreach ((string key, object? value) in keywords)
        {
            options = TaskOptionRules.Apply(options, key, value);
        }

        return options.Validate();
    }
}
