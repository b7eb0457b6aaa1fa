using System.Diagnostics;

using GpuRay.Errors;
using GpuRay.Functions;
using GpuRay.Objects;
using GpuRay.Resources;

using Microsoft.Extensions.Logging;

namespace GpuRay.Scheduling;

/// <summary>
/// One submitted task: its function, arguments, result ref, state and resources. It is its own thread-pool work
/// item and its own dependency waiter, so that a CPU task costs two allocations (this and its ref).
/// </summary>
internal abstract class TaskRecord : IThreadPoolWorkItem, IObjectWaiter
{
    private const int MaxPropagationDepth = 64;

    [ThreadStatic]
    private static TaskRecord? t_current;

    [ThreadStatic]
    private static int t_propagationDepth;

    private int _state;
    private int _pendingDependencies;
    private bool _cancelRequested;

    // Children, cancellation source and context: few tasks need them, and a million queued tasks each keep this.
    private Extras? _extras;

    protected TaskRecord(RemoteFunction function, long id)
    {
        Function = function;
        Id = id;
    }

    public static TaskRecord? Current => t_current;

    public long Id { get; }

    public RemoteFunction Function { get; }

    public Scheduler Scheduler => Function.Runtime.Scheduler;

    public string Name => Function.TaskName;

    public ResourceDemand Demand => Function.Demand;

    public TaskState State => (TaskState)Volatile.Read(ref _state);

    public ResourceAllocation? Allocation { get; set; }

    /// <summary>True when the task runs inline on its blocked parent's CPU and holds nothing of its own.</summary>
    public bool Borrowed { get; set; }

    public int Attempt { get; set; }

    /// <summary>The task's place in the scheduler's list of resource holders; null when it holds none of its own.</summary>
    public ActiveSlot? Slot { get; set; }

    public long SubmittedTicks { get; set; }


    public bool CancelRequested => Volatile.Read(ref _cancelRequested);

    /// <summary>The running attempt's context, made on first use (only the thread that runs the task asks).</summary>
    public TaskContext Context
    {
        get
        {
            Extras extras = EnsureExtras();
            if (extras.Context is null)
            {
                ResourceAllocation allocation = Allocation ?? Demand.NoDeviceAllocation;
                IReadOnlyList<DeviceSlot> devices = allocation.DeviceIds.Length == 0
                    ? []
                    : [.. allocation.DeviceIds.Select(i => Scheduler.Devices[i])];
                extras.Context = new TaskContext(this, Demand.ToDictionary(Scheduler.CustomNames), devices);
            }

            return extras.Context;
        }
    }

    public CancellationToken CancellationToken
    {
        get
        {
            Extras extras = EnsureExtras();
            lock (extras)
            {
                if (extras.Cancellation is null)
                {
                    extras.Cancellation = new CancellationTokenSource();
                    if (_cancelRequested)
                    {
                        extras.Cancellation.Cancel();
                    }
                }

                return extras.Cancellation.Token;
            }
        }
    }

    public bool TryTransition(TaskState from, TaskState to) =>
        Interlocked.CompareExchange(ref _state, (int)to, (int)from) == (int)from;

    public void SetState(TaskState state) => Volatile.Write(ref _state, (int)state);

    /// <summary>Registers on each pending ref argument; returns true when the task is ready to schedule now.</summary>
    public bool PrepareDependencies()
    {
        if (!HasDependencies)
        {
            // The common case, plain values only: no counting.
            return true;
        }

        _pendingDependencies = 1;
        RegisterDependencies();
        return Interlocked.Decrement(ref _pendingDependencies) == 0;
    }

    /// <summary>Called by each ref argument: a failure fails this task with the upstream error.</summary>
    public void OnObjectCompleted(ObjectRef completed)
    {
        if (completed.State == ObjectState.Failed)
        {
            completed.MarkObserved();
            if (t_propagationDepth >= MaxPropagationDepth)
            {
                // A long chain of dependents would recurse once per level: continue on a fresh stack.
                ThreadPool.UnsafeQueueUserWorkItem(static state => state.Task.FailFromUpstream(state.Error), (Task: this, Error: completed.Error!), preferLocal: false);
                return;
            }

            t_propagationDepth++;
            try
            {
                FailFromUpstream(completed.Error!);
            }
            finally
            {
                t_propagationDepth--;
            }
        }
        else if (Interlocked.Decrement(ref _pendingDependencies) == 0)
        {
            Scheduler.Schedule(this);
        }
    }

    private void FailFromUpstream(Exception upstream)
    {
        if (upstream is TaskCancelledException)
        {
            Scheduler.CancelBeforeRun(this, upstream);
        }
        else
        {
            Scheduler.FailBeforeRun(this, upstream);
        }
    }

    public void AddChild(TaskRecord child)
    {
        Extras extras = EnsureExtras();
        lock (extras)
        {
            List<TaskRecord> children = extras.Children ??= [];
            if (children.Count >= 64 && (children.Count & (children.Count - 1)) == 0)
            {
                // Keep the list to live children, so that a long task that submits millions stays small.
                children.RemoveAll(c => c.State >= TaskState.Finished);
            }

            children.Add(child);
        }
    }

    /// <summary>Marks the task cancelled; its token is signalled later by <see cref="SignalCancellation"/>.</summary>
    public void MarkCancelRequested() => Volatile.Write(ref _cancelRequested, true);

    /// <summary>Signals the task's token (outside any lock: callbacks are user code) and returns the tasks it submitted.</summary>
    public TaskRecord[] SignalCancellation()
    {
        CancellationTokenSource? cancellation;
        TaskRecord[] children;
        Extras extras = EnsureExtras();
        lock (extras)
        {
            cancellation = extras.Cancellation;
            children = extras.Children?.ToArray() ?? [];
        }

        try
        {
            cancellation?.Cancel();
        }
        catch (AggregateException ex)
        {
            Scheduling.Scheduler.SafeLog(() => Scheduler.Logger.LogWarning(ex, "A cancellation callback of task '{Task}' (id {Id}) threw.", Name, Id));
        }

        return children;
    }

    /// <summary>Runs one attempt on the current thread; returns the task's own exception and any system failure.</summary>
    /// <param name="devices">The device provider, when GPUs are scheduled.</param>
    /// <param name="startedTicks">The attempt's start when the caller has just read the clock (0 reads it here).</param>
    /// <returns>The task's own exception, any system failure, and when the attempt started.</returns>
    public (Exception? User, Exception? System, long StartedTicks) RunAttempt(IDeviceProvider? devices, long startedTicks)
    {
        Attempt++;
        if (_extras is { } extras)
        {
            extras.Context = null;
        }

        // A task submitted after that reading reads the clock itself: it cannot start before it was submitted.
        long started = startedTicks != 0 && startedTicks >= SubmittedTicks ? startedTicks : Stopwatch.GetTimestamp();
        TaskRecord? previous = t_current;
        t_current = this;
        Exception? user = null;
        Exception? system = null;
        IDisposable? scope = null;
        try
        {
            if (devices is not null && Allocation is { DeviceIds.Length: > 0 })
            {
                try
                {
                    scope = devices.EnterTask(Context);
                    Context.DeviceScope = scope;
                }
                catch (Exception ex)
                {
                    system = ex;
                }
            }

            if (system is null)
            {
                try
                {
                    RunBody();
                }
                catch (Exception ex)
                {
                    user = ex;
                }
            }
        }
        finally
        {
            try
            {
                scope?.Dispose();
            }
            catch (Exception ex)
            {
                system ??= ex;
            }

            t_current = previous;
        }

        return (user, system, started);
    }

    /// <summary>Drops arguments and the delegate's captures once the task is done, so that they can be collected.</summary>
    public abstract void ReleaseArguments();

    public abstract void SetError(Exception error, UnobservedErrorSentinel? sentinel);

    public abstract void PublishResult();

    void IThreadPoolWorkItem.Execute() => Scheduler.RunDispatched(this);

    /// <summary>True when an argument is a ref, so that the task waits for it.</summary>
    protected abstract bool HasDependencies { get; }

    protected abstract void RegisterDependencies();

    /// <summary>Resolves the arguments, calls the function and keeps its result for <see cref="PublishResult"/>.</summary>
    protected abstract void RunBody();

    private Extras EnsureExtras() =>
        Volatile.Read(ref _extras) ?? Interlocked.CompareExchange(ref _extras, new Extras(), null) ?? _extras!;

    protected void AddDependency(ObjectRef? dependency)
    {
        if (dependency is null)
        {
            return;
        }

        Interlocked.Increment(ref _pendingDependencies);
        if (!dependency.TryAddWaiter(this))
        {
            OnObjectCompleted(dependency);
        }
    }

    private sealed class Extras
    {
        public List<TaskRecord>? Children { get; set; }

        public CancellationTokenSource? Cancellation { get; set; }

        public TaskContext? Context { get; set; }
    }
}
