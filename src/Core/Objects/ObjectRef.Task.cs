using System.Diagnostics;

using GpuRay.Errors;
using GpuRay.Functions;
using GpuRay.Resources;
using GpuRay.Scheduling;

using Microsoft.Extensions.Logging;

namespace GpuRay.Objects;

/// <summary>The task side of a ref: a task is the ref of its result, so that a task costs one allocation.</summary>
/// <remarks>
/// The scheduler calls this side <c>TaskRecord</c> (an alias inside GpuRay.Core). A task ref carries its function,
/// arguments (in the derived call types), state and resources; the members here are meaningful only for refs that a
/// task produces (<see cref="Producing"/> is set), not for Put objects. The ref is its own dependency waiter. It is
/// not its own thread-pool work item: a pool thread may keep its last work item referenced while it idles, and that
/// must not keep a result reachable (see <see cref="LocalNode"/>).
/// </remarks>
public abstract partial class ObjectRef : IObjectWaiter
{
    private const int MaxPropagationDepth = 64;

    [ThreadStatic]
    private static TaskRecord? t_current;

    [ThreadStatic]
    private static int t_propagationDepth;

    private int _taskState;
    private int _pendingDependencies;
    private bool _cancelRequested;

    /// <summary>The task that runs on this thread, or null.</summary>
    internal static TaskRecord? Current => t_current;

    /// <summary>The function of the task that produces this object; null for a Put.</summary>
    internal RemoteFunction? Producing { get; }

    /// <summary>The task's function (only for task refs).</summary>
    internal RemoteFunction Function => Producing!;

    internal Scheduler Scheduler => Function.Runtime.Scheduler;

    internal string Name => Function.TaskName;

    internal ResourceDemand Demand => Function.Demand;

    internal TaskState TaskState => (TaskState)Volatile.Read(ref _taskState);

    internal ResourceAllocation? Allocation { get; set; }

    /// <summary>True when the task runs inline on its blocked parent's CPU and holds nothing of its own.</summary>
    internal bool Borrowed { get; set; }

    internal int Attempt { get; set; }

    /// <summary>The task's place in the scheduler's list of resource holders; null when it holds none of its own.</summary>
    internal ActiveSlot? Slot { get; set; }

    internal long SubmittedTicks { get; set; }

    internal bool CancelRequested => Volatile.Read(ref _cancelRequested);

    /// <summary>The running attempt's context, made on first use (only the thread that runs the task asks).</summary>
    internal TaskContext Context
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

    internal CancellationToken CancellationToken
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

    internal bool TryTransition(TaskState from, TaskState to) =>
        Interlocked.CompareExchange(ref _taskState, (int)to, (int)from) == (int)from;

    internal void SetState(TaskState state) => Volatile.Write(ref _taskState, (int)state);

    /// <summary>Registers on each pending ref argument; returns true when the task is ready to schedule now.</summary>
    internal bool PrepareDependencies()
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
    void IObjectWaiter.OnObjectCompleted(ObjectRef completed) => OnDependencyCompleted(completed);

    private void OnDependencyCompleted(ObjectRef completed)
    {
        if (completed.State == ObjectState.Failed)
        {
            completed.MarkObserved();
            if (t_propagationDepth >= MaxPropagationDepth)
            {
                // A long chain of dependents would recurse once per level: continue on a fresh stack.
                ThreadPool.UnsafeQueueUserWorkItem(static state => state.Task.FailFromUpstream(state.Failed), (Task: this, Failed: completed), preferLocal: false);
                return;
            }

            t_propagationDepth++;
            try
            {
                FailFromUpstream(completed);
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

    private void FailFromUpstream(ObjectRef failed)
    {
        Exception upstream = failed.Error!;
        if (upstream is TaskCancelledException)
        {
            Scheduler.CancelBeforeRun(this, upstream);
        }
        else
        {
            // Which argument, and whose task; the inner error is the root failure, not the upstream's own wrapper, so
            // that along a long chain each error stays one level deep and its message of constant size.
            Exception root = upstream is TaskFailedException { ArgumentPosition: not null, InnerException: { } cause } ? cause : upstream;
            int position = Array.IndexOf(ArgumentRefs(), failed) + 1;
            Scheduler.FailBeforeRun(this, new TaskFailedException(Name, Id, position, failed.Producing?.TaskName ?? "put", failed.Id, root));
        }
    }

    /// <summary>
    /// Records a task this one submitted, for a recursive cancel. The list holds live children only: a child leaves
    /// it when it ends (<see cref="ReleaseArguments"/>), since a child is its result's ref and must not keep that
    /// result reachable from this one.
    /// </summary>
    internal void AddChild(TaskRecord child)
    {
        Extras childExtras = child.EnsureExtras();
        Extras extras = EnsureExtras();
        lock (extras)
        {
            List<TaskRecord> children = extras.Children ??= [];
            childExtras.Parent = this;
            childExtras.ChildIndex = children.Count;
            children.Add(child);
        }
    }

    /// <summary>The worker process the current attempt runs in (<see cref="Options.TaskIsolation.Process"/>); 0 for none.</summary>
    internal int WorkerProcessId
    {
        get => Volatile.Read(ref _extras)?.WorkerProcessId ?? 0;
        set => EnsureExtras().WorkerProcessId = value;
    }

    /// <summary>Whether tasks this one submitted are still running or waiting (the list holds live children only).</summary>
    internal bool HasLiveChildren
    {
        get
        {
            if (Volatile.Read(ref _extras) is not { } extras)
            {
                return false;
            }

            lock (extras)
            {
                return extras.Children is { Count: > 0 };
            }
        }
    }

    /// <summary>The tasks this one submitted that have not ended, added to <paramref name="into"/> (for the state API).</summary>
    internal void CollectLiveChildren(List<TaskRecord> into)
    {
        if (Volatile.Read(ref _extras) is not { } extras)
        {
            return;
        }

        lock (extras)
        {
            if (extras.Children is { } children)
            {
                into.AddRange(children);
            }
        }
    }

    /// <summary>The task that submitted this one, while both run; null once either has ended.</summary>
    internal TaskRecord? ParentTask => Volatile.Read(ref _extras)?.Parent;

    /// <summary>Takes an ended child out of its parent's list: the last child moves into its place.</summary>
    private static void LeaveParent(TaskRecord child, Extras childExtras)
    {
        // Written by AddChild before the child was scheduled, so this thread sees it.
        if (childExtras.Parent is not { } parent || parent._extras is not { } parentExtras)
        {
            return;
        }

        lock (parentExtras)
        {
            if (!ReferenceEquals(childExtras.Parent, parent))
            {
                // Left already, or let go by its ended parent.
                return;
            }

            childExtras.Parent = null;
            if (parentExtras.Children is not { } children)
            {
                return;
            }

            int index = childExtras.ChildIndex;
            Debug.Assert(ReferenceEquals(children[index], child), "a child's index is kept under its parent's lock");
            TaskRecord last = children[^1];
            children[index] = last;
            last._extras!.ChildIndex = index;
            children.RemoveAt(children.Count - 1);
        }
    }

    /// <summary>Marks the task cancelled; its token is signalled later by <see cref="SignalCancellation"/>.</summary>
    internal void MarkCancelRequested() => Volatile.Write(ref _cancelRequested, true);

    /// <summary>Signals the task's token (outside any lock: callbacks are user code) and returns the tasks it submitted.</summary>
    internal TaskRecord[] SignalCancellation()
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
    internal (Exception? User, Exception? System, long StartedTicks) RunAttempt(IDeviceProvider? devices, long startedTicks)
    {
        Attempt++;
        if (_extras is { } extras)
        {
            extras.Context = null;
            extras.WorkerProcessId = 0;
        }

        // A task submitted after that reading reads the clock itself: it cannot start before it was submitted.
        long started = startedTicks != 0 && startedTicks >= SubmittedTicks ? startedTicks : Stopwatch.GetTimestamp();
        if (Slot is { } slot)
        {
            // For the state API: a running task's start, kept on its slot rather than in every ref.
            slot.StartedTicks = started;
        }

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
                catch (Exception ex) when (ex is Errors.WorkerCrashedException or Errors.WorkerStartException)
                {
                    // The worker process failed, not the task's code: a system failure, retried unless permanent.
                    system = ex;
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

    /// <summary>
    /// Once the task has ended: drops its arguments, its context, its cancellation source and the list of the tasks it
    /// submitted, and leaves its parent's list, so that nothing of the run stays reachable from this ref and this ref
    /// (with its result) is not kept by its parent's, nor the parent by children that outlive it. A cancel of an ended
    /// task therefore reaches none of its children (it does nothing, as for any finished task), unless it came while
    /// the task was ending.
    /// </summary>
    internal void ReleaseArguments()
    {
        ReleaseCall();
        if (Volatile.Read(ref _extras) is not { } extras)
        {
            return;
        }

        lock (extras)
        {
            // What only a running task needs; a finished ref the user keeps holds none of it.
            extras.Context = null;
            extras.Cancellation = null;

            // A cancel that raced this end must still reach the live children: the list is kept then (they leave
            // it as they end). Otherwise it goes, and the children still running let go of this parent.
            if (!CancelRequested && extras.Children is { } children)
            {
                foreach (TaskRecord child in children)
                {
                    child._extras!.Parent = null;
                }

                extras.Children = null;
            }
        }

        LeaveParent(this, extras);
    }

    /// <summary>Adds the refs among the task's arguments to <paramref name="into"/>; none once it has ended (for the state API).</summary>
    internal virtual void CollectArgumentRefs(List<ObjectRef> into)
    {
    }

    /// <summary>Adds the refs that are not null.</summary>
    private protected static void AddRefs(List<ObjectRef> into, params ReadOnlySpan<ObjectRef?> refs)
    {
        foreach (ObjectRef? reference in refs)
        {
            if (reference is not null)
            {
                into.Add(reference);
            }
        }
    }

    /// <summary>Drops the arguments (the call types hold them).</summary>
    private protected virtual void ReleaseCall()
    {
    }

    /// <summary>Fails the task's object (and drops a value its body staged).</summary>
    internal virtual void SetError(Exception error, UnobservedErrorSentinel? sentinel) => TryFail(error, sentinel);

    /// <summary>Publishes the value the task's body staged.</summary>
    internal virtual void PublishResult()
    {
    }

    /// <summary>True when an argument is a ref, so that the task waits for it.</summary>
    private protected virtual bool HasDependencies => false;

    private protected virtual void RegisterDependencies()
    {
    }

    /// <summary>The arguments that are refs, by position (null for a plain value); read only when one fails.</summary>
    private protected virtual ObjectRef?[] ArgumentRefs() => [];

    /// <summary>Resolves the arguments, calls the function and keeps its result for <see cref="PublishResult"/>.</summary>
    private protected virtual void RunBody() => throw new InvalidOperationException("A Put object has no task to run.");

    private protected void AddDependency(ObjectRef? dependency)
    {
        if (dependency is null)
        {
            return;
        }

        Interlocked.Increment(ref _pendingDependencies);
        if (!dependency.TryAddWaiter(this))
        {
            OnDependencyCompleted(dependency);
        }
    }
}
