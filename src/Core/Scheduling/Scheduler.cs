using System.Collections.Concurrent;
using System.Diagnostics;

using GpuRay.Errors;
using GpuRay.Objects;
using GpuRay.Resources;
using GpuRay.Timeline;

using Microsoft.Extensions.Logging;

namespace GpuRay.Scheduling;

/// <summary>
/// Decides when each task runs: it waits for dependencies, queues by resource shape, acquires all of a task's
/// demand at once, hands the task to its node, retries, cancels, and releases.
/// </summary>
/// <remarks>
/// One lock guards the ledger and the queues; task states move by compare-and-swap. A worker that finishes a task
/// runs the next dispatchable one itself instead of going back through the thread pool. CPU-only shapes queue in
/// lanes: a worker that finishes a CPU-only task hands its CPU straight to the next task in the same lane without
/// the lock, as long as no device or custom-resource task waits and the node is not overcommitted.
/// </remarks>
internal sealed partial class Scheduler
{
    private const int MaxInlineDepth = 64;

    [ThreadStatic]
    private static int t_inlineDepth;

    private readonly Lock _lock = new();
    private readonly ResourceLedger _ledger;
    private readonly INode _node;
    private readonly IDeviceProvider? _devices;
    private readonly ILogger _logger;
    private readonly TaskTimeline _timeline;
    private readonly Dictionary<string, ConcurrentQueue<TaskRecord>> _queuesByShape = new(StringComparer.Ordinal);
    private readonly List<(int Priority, ConcurrentQueue<TaskRecord> Queue, ResourceDemand Shape)> _queues = [];
    private readonly Stack<ActiveSlot> _freeSlots = new();

    // The task at the head of each device or custom-resource queue that did not fit yet, taken out of its queue:
    // peeking a ConcurrentQueue would keep dequeued tasks (now results) in its segment. Guarded by the lock.
    private readonly Dictionary<ConcurrentQueue<TaskRecord>, TaskRecord> _priorityHeads = [];
    private ConcurrentQueue<TaskRecord>[] _lanes = [];
    private ActiveSlot? _activeHead;
    private int _activeCount;

    // Entries in the queues of device and custom-resource shapes; while any wait, CPU goes back through the lock.
    private int _priorityQueued;

    // Set when a dispatch pass gives back what it took (guarded by the lock).
    private bool _gaveBack;
    private TaskCompletionSource? _drained;
    private volatile bool _shuttingDown;
    private long _finished;
    private long _failed;
    private long _cancelled;

    public Scheduler(ResourceLedger ledger, INode node, IDeviceProvider? devices, ObjectStore store, TaskTimeline timeline, ILogger logger)
    {
        _ledger = ledger;
        _node = node;
        _devices = devices;
        Store = store;
        _timeline = timeline;
        _logger = logger;
    }

    public ObjectStore Store { get; }

    public IReadOnlyList<DeviceSlot> Devices => _ledger.Devices;

    public string[] CustomNames => _ledger.CustomNames;

    public ILogger Logger => _logger;

    /// <summary>A test seam: called when a worker has handed its slot to a lane's next task, before it checks for shutdown.</summary>
    internal Action? HandOffHook { get; set; }

    /// <summary>Submits a task whose function was checked for feasibility.</summary>
    public void Submit(TaskRecord task)
    {
        task.SubmittedTicks = Stopwatch.GetTimestamp();
        if (TaskRecord.Current is { } parent)
        {
            parent.AddChild(task);
            if (parent.CancelRequested)
            {
                // Submitted by a task that is being cancelled, after its children were: cancel it too.
                Cancel(task, recursive: true);
                return;
            }
        }

        if (task.PrepareDependencies())
        {
            Schedule(task);
        }
    }

    /// <summary>Queues a task whose dependencies are ready, or dispatches it at once when its shape has no queue.</summary>
    public void Schedule(TaskRecord task)
    {
        if (TryJoinBusyLane(task))
        {
            return;
        }

        bool dispatch = false;
        bool refuse = false;
        InfeasibleTaskException? infeasible = null;
        lock (_lock)
        {
            if (task.TaskState != TaskState.WaitingForDependencies)
            {
                return;
            }

            ConcurrentQueue<TaskRecord> queue = QueueFor(task);
            if (_shuttingDown)
            {
                refuse = true;
            }
            else if (queue.IsEmpty && !_priorityHeads.ContainsKey(queue) && _ledger.TryAcquire(task.Demand, out ResourceAllocation allocation))
            {
                // Cancel moves states without this lock: only a successful swap may take the task on.
                task.Allocation = allocation;
                if (task.TryTransition(TaskState.WaitingForDependencies, TaskState.Dispatched))
                {
                    AddActive(task);
                    dispatch = true;
                }
                else
                {
                    // Cancelled meanwhile: the CPU goes back, and a task that joined a lane meanwhile may take it.
                    task.Allocation = null;
                    _ledger.Release(allocation);
                    DispatchAvailable(handOff: false);
                }
            }
            else if ((infeasible = RefuseForLostDevices(task)) is null && task.TryTransition(TaskState.WaitingForDependencies, TaskState.Queued))
            {
                Enqueue(queue, task);
            }
        }

        if (refuse)
        {
            Cancel(task, recursive: true);
        }
        else if (infeasible is not null)
        {
            // Submitted before a device was lost (it waited for its dependencies): it would wait for a device that is gone.
            FailBeforeRun(task, new TaskFailedException(task.Name, task.Id, infeasible));
        }
        else if (dispatch)
        {
            _node.Dispatch(task);
        }
    }

    /// <summary>
    /// Queues a CPU-only task behind its lane's backlog without the lock; false sends it through the locked path.
    /// </summary>
    /// <remarks>
    /// A release writes the ledger and then reads the lanes (<see cref="DispatchAvailable"/> starts with a full
    /// fence); this writes the lane and then reads the ledger. One of the two sees the other, so a task never waits
    /// in a lane while a CPU it fits is free. The shutdown flag is read after the write for the same reason.
    /// </remarks>
    private bool TryJoinBusyLane(TaskRecord task)
    {
        ResourceDemand demand = task.Demand;
        if (!demand.IsCpuOnly || demand.Queue is not ConcurrentQueue<TaskRecord> lane || lane.IsEmpty)
        {
            return false;
        }

        if (!task.TryTransition(TaskState.WaitingForDependencies, TaskState.Queued))
        {
            // Cancelled since its dependencies were ready: there is nothing to queue.
            return true;
        }

        lane.Enqueue(task);
        Interlocked.MemoryBarrier();
        if (_shuttingDown)
        {
            Cancel(task, recursive: true);
        }
        else if (_ledger.MightFit(demand))
        {
            lock (_lock)
            {
                DispatchAvailable(handOff: false);
            }
        }

        return true;
    }

    /// <summary>The node's entry: runs a dispatched task, then keeps running what its release makes dispatchable.</summary>
    public void RunDispatched(TaskRecord task)
    {
        TaskRecord? next = Claim(task);
        long clock = 0;
        while (next is not null)
        {
            next = RunAndRelease(next, handOff: true, ref clock);
        }
    }

    /// <summary>Runs a task on this thread, inside a Get that waits for it; false when someone else has it.</summary>
    public bool TryRunInline(TaskRecord task)
    {
        if (t_inlineDepth >= MaxInlineDepth || task.CancelRequested)
        {
            return false;
        }

        if (task.TryTransition(TaskState.Dispatched, TaskState.Running))
        {
            // Taken from the node: the node's queued item must not keep the task (the result's ref) alive.
            task.Slot?.PoolItem?.Withdraw(task);
        }
        else
        {
            // A queued task may borrow the blocked parent's CPU when it needs no more than that.
            TaskRecord? parent = TaskRecord.Current;
            if (parent is null
                || task.Demand.NeedsDevice || task.Demand.Custom.Length > 0 || task.Demand.Cpu > parent.Demand.Cpu
                || !task.TryTransition(TaskState.Queued, TaskState.Running))
            {
                return false;
            }

            task.Borrowed = true;
            task.Allocation = task.Demand.NoDeviceAllocation;
        }

        t_inlineDepth++;
        try
        {
            long clock = 0;
            TaskRecord? next = RunAndRelease(task, handOff: false, ref clock);
            Debug.Assert(next is null, "inline runs never hand off");
        }
        finally
        {
            t_inlineDepth--;
        }

        return true;
    }

    /// <summary>
    /// The current thread is about to wait for work done outside this process (a call into a worker process) while its
    /// task keeps its CPU, which the worker uses. The node is told, as for a task blocked in Get, so that the thread
    /// this wait holds does not delay other tasks. Paired with <see cref="EndOutsideWait"/>.
    /// </summary>
    public void BeginOutsideWait() => _node.TaskBlocking();

    /// <summary>The wait that <see cref="BeginOutsideWait"/> announced is over.</summary>
    public void EndOutsideWait() => _node.TaskUnblocked();

    /// <summary>
    /// Runs <paramref name="wait"/> with the current task's CPU given back to the node, so that the tasks it waits
    /// for can run; takes the CPU back afterwards. GPUs and custom resources stay held, as in Ray. The node is told
    /// first, so that what the CPU goes to finds a thread although this one waits (any caller's thread: a pool
    /// thread outside a task that waits in Get holds a thread too).
    /// </summary>
    public void Block(Action wait)
    {
        TaskRecord? current = TaskRecord.Current;
        long cpu = current is null ? 0 : current.Demand.Cpu;
        _node.TaskBlocking();
        try
        {
            if (cpu > 0)
            {
                lock (_lock)
                {
                    _ledger.ReleaseCpu(cpu);
                    DispatchAvailable(handOff: false);
                }
            }

            try
            {
                wait();
            }
            finally
            {
                if (cpu > 0)
                {
                    lock (_lock)
                    {
                        _ledger.ReacquireCpu(cpu);
                    }
                }
            }
        }
        finally
        {
            _node.TaskUnblocked();
        }
    }

    /// <summary>Fails a task that never ran because a dependency failed: it gets the upstream error.</summary>
    public void FailBeforeRun(TaskRecord task, Exception upstream)
    {
        if (task.TryTransition(TaskState.WaitingForDependencies, TaskState.Failed))
        {
            Interlocked.Increment(ref _failed);
            _timeline.Record(task, TaskState.Failed, 0, 0, upstream);
            task.ReleaseArguments();
            task.SetError(upstream, Sentinel(upstream));
        }
    }

    public (long Active, long Finished, long Failed, long Cancelled) Counts()
    {
        lock (_lock)
        {
            return (_activeCount, Interlocked.Read(ref _finished), Interlocked.Read(ref _failed), Interlocked.Read(ref _cancelled));
        }
    }

    public Dictionary<string, double> Totals()
    {
        lock (_lock)
        {
            return _ledger.Totals();
        }
    }

    public Dictionary<string, double> Available()
    {
        lock (_lock)
        {
            return _ledger.Available();
        }
    }

    public (double SlotFree, long MemoryFree)[] DeviceAvailability()
    {
        lock (_lock)
        {
            return _ledger.DeviceAvailability();
        }
    }

    /// <summary>
    /// Runs one attempt and releases what it held. <paramref name="clock"/> is the time the previous task on this
    /// worker finished (0 for none): a handed-off task starts then, which saves a clock read per task.
    /// </summary>
    private TaskRecord? RunAndRelease(TaskRecord task, bool handOff, ref long clock)
    {
        (Exception? user, Exception? system, long startedTicks) = task.RunAttempt(_devices, clock);
        long finishedTicks = Stopwatch.GetTimestamp();
        clock = finishedTicks;
        task.Function.Stats.Record(task.Function, finishedTicks - startedTicks, _logger);

        Exception? error = user ?? system;
        if (error is not null && !task.CancelRequested && ShouldRetry(task, user, system))
        {
            if (RefuseForLostDevices(task, error) is { } refused)
            {
                // A retry would wait for devices that are gone (the attempt failed on a device that was lost, say).
                error = refused;
            }
            else
            {
                _timeline.Record(task, TaskState.Queued, startedTicks, finishedTicks, error);
                int failedAttempt = task.Attempt;
                TaskRecord? handed = null;
                bool requeued = false;
                lock (_lock)
                {
                    ReleaseHeld(task);
                    // A cancel (or shutdown) that came after the check above must win over the retry.
                    if (!task.CancelRequested && !_shuttingDown)
                    {
                        if (RefuseForLostDevices(task, error) is { } lostMeanwhile)
                        {
                            // A device was lost since the check above.
                            error = lostMeanwhile;
                        }
                        else
                        {
                            task.SetState(TaskState.Queued);
                            Enqueue(QueueFor(task), task);
                            handed = DispatchAvailable(handOff);
                            requeued = true;
                        }
                    }
                }

                if (requeued)
                {
                    // Outside the lock: a slow logger delays this worker, not the scheduler.
                    LogRetry(task, error, failedAttempt);

                    // A cancel that found the task still running, just before it was queued again, has missed it: end it.
                    if (task.CancelRequested && task.TryTransition(TaskState.Queued, TaskState.Cancelled))
                    {
                        EndUnrun(task, new TaskCancelledException(task.Name, task.Id));
                    }

                    return Claim(handed);
                }
            }
        }

        TaskState outcome = task.CancelRequested ? TaskState.Cancelled : error is null ? TaskState.Finished : TaskState.Failed;

        task.SetState(outcome);
        switch (outcome)
        {
            case TaskState.Finished:
                Interlocked.Increment(ref _finished);
                break;
            case TaskState.Failed:
                Interlocked.Increment(ref _failed);
                break;
            default:
                Interlocked.Increment(ref _cancelled);
                break;
        }

        _timeline.Record(task, outcome, startedTicks, finishedTicks, outcome == TaskState.Failed ? error : null);

        TaskRecord? next = handOff ? TryHandOffInLane(task) : null;
        if (next is null)
        {
            lock (_lock)
            {
                ReleaseHeld(task);
                next = DispatchAvailable(handOff);
            }

            next = Claim(next);
        }

        // The result is published only after the task's resources are back (or handed on), so a caller that wakes
        // from Get sees them free (GPU slots, device memory), and after the run let go of its arguments, children and
        // parent, so that the ref the caller wakes with is kept by nothing of the run (a child that outlives it, say).
        task.ReleaseArguments();
        switch (outcome)
        {
            case TaskState.Finished:
                task.PublishResult();
                break;
            case TaskState.Failed:
                var failure = new TaskFailedException(task.Name, task.Id, error!);
                task.SetError(failure, Sentinel(failure));
                break;
            default:
                // Cancel usually failed the ref already; this covers a cancel that raced the attempt's end.
                task.SetError(new TaskCancelledException(task.Name, task.Id), null);
                break;
        }

        return next;
    }

    /// <summary>Takes a dispatched task on to run it here; null when it was cancelled or someone else runs it.</summary>
    private static TaskRecord? Claim(TaskRecord? task) =>
        task is not null && !task.CancelRequested && task.TryTransition(TaskState.Dispatched, TaskState.Running) ? task : null;

    /// <summary>
    /// Hands a finished CPU-only task's CPU and slot to the next task in its lane, without the lock, and returns
    /// that task already running; null sends the caller through the locked release.
    /// </summary>
    /// <remarks>
    /// The next task moves straight from Queued to Running, so no one ever sees it dispatched without its slot. A
    /// lane that looks empty here is looked at again under the lock by the release that follows, so nothing is left
    /// queued while a CPU is free. Shutdown sets its flag and then reads the slots; this writes the slot and then
    /// reads the flag, so one of the two cancels a task started meanwhile.
    /// </remarks>
    private TaskRecord? TryHandOffInLane(TaskRecord finished)
    {
        ResourceDemand demand = finished.Demand;
        if (!demand.IsCpuOnly || finished.Borrowed || finished.Slot is not { } slot
            || Volatile.Read(ref _priorityQueued) != 0 || _shuttingDown || _ledger.CpuOvercommitted
            || demand.Queue is not ConcurrentQueue<TaskRecord> lane || OtherLaneWaits(lane))
        {
            return null;
        }

        while (lane.TryDequeue(out TaskRecord? next))
        {
            if (next.CancelRequested)
            {
                EndIfCancelledInQueue(next);
                continue;
            }

            if (!next.TryTransition(TaskState.Queued, TaskState.Running))
            {
                // Cancelled, or run by a waiting parent on its own CPU: it leaves the lane here.
                continue;
            }

            next.Allocation = finished.Allocation;
            next.Slot = slot;
            finished.Allocation = null;
            finished.Slot = null;
            slot.Task = next;
            HandOffHook?.Invoke();
            Interlocked.MemoryBarrier();
            if (_shuttingDown)
            {
                // Shutdown may have read the slot before this write: the task never runs, and its CPU goes back.
                next.MarkCancelRequested();
                lock (_lock)
                {
                    ReleaseHeld(next);
                }

                next.SetState(TaskState.Cancelled);
                EndUnrun(next, new TaskCancelledException(next.Name, next.Id));
                return null;
            }

            return next;
        }

        return null;
    }

    /// <summary>
    /// True when a CPU-only lane other than <paramref name="lane"/> has tasks waiting: the CPU then goes back through
    /// the lock, which serves the shapes in the order they first appeared, so that one busy lane cannot starve another.
    /// </summary>
    private bool OtherLaneWaits(ConcurrentQueue<TaskRecord> lane)
    {
        foreach (ConcurrentQueue<TaskRecord> other in Volatile.Read(ref _lanes))
        {
            if (!ReferenceEquals(other, lane) && !other.IsEmpty)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Ends a queued task whose cancel was requested (the cancel may have missed it, when it was being queued again
    /// for a retry at that moment); a task that is no longer queued is left to whoever has it.
    /// </summary>
    private void EndIfCancelledInQueue(TaskRecord task)
    {
        if (task.TryTransition(TaskState.Queued, TaskState.Cancelled))
        {
            EndUnrun(task, new TaskCancelledException(task.Name, task.Id));
        }
    }

    /// <summary>Adds a queued task to its shape's queue. Call under the lock.</summary>
    private void Enqueue(ConcurrentQueue<TaskRecord> queue, TaskRecord task)
    {
        queue.Enqueue(task);
        if (!task.Demand.IsCpuOnly)
        {
            Volatile.Write(ref _priorityQueued, _priorityQueued + 1);
        }
    }

    /// <summary>
    /// Device memory for a running task that reserved none, taken from the ledger as the task allocates: what such tasks
    /// hold is then not offered to GpuMemory requests, so a task placed for its request finds the memory free.
    /// </summary>
    public bool TryTakeDeviceMemory(int device, long bytes, out long free)
    {
        lock (_lock)
        {
            return _ledger.TryTakeMemory(device, bytes, out free);
        }
    }

    /// <summary>Gives back device memory taken by <see cref="TryTakeDeviceMemory"/>; queued GpuMemory requests may fit now.</summary>
    public void ReturnDeviceMemory(int device, long bytes)
    {
        lock (_lock)
        {
            _ledger.ReturnMemory(device, bytes);
            DispatchAvailable(handOff: false);
        }
    }

    /// <summary>
    /// Tasks that the loss of a device leaves infeasible fail (with <see cref="Runtime.InfeasibleTaskPolicy.Fail"/>)
    /// instead of waiting for it; false keeps them queued, for the Queue policy.
    /// </summary>
    internal bool FailsInfeasibleTasks { get; init; } = true;

    /// <summary>
    /// Takes a lost device out of service: no task is placed on it again, and the device tasks still queued that no
    /// other device can take fail as infeasible, naming the loss. Tasks running on it end as they will.
    /// </summary>
    /// <param name="index">The device's GPU id.</param>
    /// <param name="cause">What happened, for the errors of the tasks that can no longer run.</param>
    public void RemoveDevice(int index, string cause)
    {
        List<TaskRecord> doomed = [];
        lock (_lock)
        {
            if (!_ledger.MarkLost(index, cause) || !FailsInfeasibleTasks)
            {
                return;
            }

            // A queue holds one shape, so the whole queue can run or none of it can.
            foreach ((_, ConcurrentQueue<TaskRecord> queue, ResourceDemand shape) in _queues)
            {
                if (!shape.NeedsDevice || PriorityHead(queue) is not { } head || RefuseForLostDevices(head) is null)
                {
                    continue;
                }

                DropPriorityHead(queue);
                doomed.Add(head);
                while (queue.TryDequeue(out TaskRecord? task))
                {
                    Volatile.Write(ref _priorityQueued, _priorityQueued - 1);
                    doomed.Add(task);
                }
            }
        }

        foreach (TaskRecord task in doomed)
        {
            if (task.TryTransition(TaskState.Queued, TaskState.Failed))
            {
                var failure = new TaskFailedException(task.Name, task.Id, task.Function.FindInfeasible()!);
                Interlocked.Increment(ref _failed);
                _timeline.Record(task, TaskState.Failed, 0, 0, failure);
                task.ReleaseArguments();
                task.SetError(failure, Sentinel(failure));
            }
        }
    }

    /// <summary>The error for a device task that lost devices leave with nowhere to run, or null (the common case: none lost).</summary>
    private InfeasibleTaskException? RefuseForLostDevices(TaskRecord task, Exception? failedAttempt = null) =>
        FailsInfeasibleTasks && task.Demand.NeedsDevice && _ledger.LostCount > 0 ? task.Function.FindInfeasible(failedAttempt) : null;

    /// <summary>A user's logger must not crash a worker thread or leave a task holding its resources.</summary>
    internal static void SafeLog(Action log)
    {
        try
        {
            log();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Debug.WriteLine($"GpuRay: a logger threw: {ex}");
        }
    }

    // Its own method: a lambda in RunAndRelease would make every task allocate the closure's captures.
    private void LogRetry(TaskRecord task, Exception error, int attempt) =>
        SafeLog(() => _logger.LogWarning(error, "Task '{Task}' (id {Id}) attempt {Attempt} failed; retrying.", task.Name, task.Id, attempt));

    private static bool ShouldRetry(TaskRecord task, Exception? user, Exception? system)
    {
        int maxRetries = task.Function.Options.MaxRetries;
        bool attemptsLeft = maxRetries < 0 || task.Attempt <= maxRetries;

        // A user exception can be permanent too: a freed argument stays freed.
        return attemptsLeft && (system ?? user) is not IPermanentFailure && (system is not null
            || task.Function.Options.RetryExceptions.ShouldRetry(user!));
    }

    /// <summary>Gives back what a finished attempt held. Call under the lock.</summary>
    private void ReleaseHeld(TaskRecord task)
    {
        if (RemoveActive(task) && !task.Borrowed && task.Allocation is { } allocation)
        {
            _ledger.Release(allocation);
        }

        task.Allocation = null;
        task.Borrowed = false;
        if (_drained is not null && _activeCount == 0)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>
    /// Dispatches every queued task whose demand now fits, scarce shapes first. With <paramref name="handOff"/>,
    /// the first is returned for the calling worker to run instead of going through the node. Call under the lock.
    /// </summary>
    private TaskRecord? DispatchAvailable(bool handOff)
    {
        TaskRecord? first = null;
        do
        {
            // A pass that took resources and gave them back (the task was cancelled, or a worker took the lane's
            // head) runs again: a task that joined a lane without the lock meanwhile may fit now. The fence pairs
            // with TryJoinBusyLane's: what was released is visible before the lanes are read.
            _gaveBack = false;
            Interlocked.MemoryBarrier();
            if (_shuttingDown)
            {
                return first;
            }

            foreach ((_, ConcurrentQueue<TaskRecord> queue, ResourceDemand shape) in _queues)
            {
                if (shape.IsCpuOnly)
                {
                    first = DispatchLane(queue, shape, handOff, first);
                    continue;
                }

                while (PriorityHead(queue) is { } task)
                {
                    if (task.TaskState != TaskState.Queued)
                    {
                        DropPriorityHead(queue);
                        continue;
                    }

                    if (!_ledger.TryAcquire(task.Demand, out ResourceAllocation allocation))
                    {
                        break;
                    }

                    DropPriorityHead(queue);
                    first = Dispatch(task, allocation, handOff, first);
                }
            }
        }
        while (_gaveBack);

        return first;
    }

    /// <summary>Gives back what a dispatch pass took for a task it could not start. Call under the lock.</summary>
    private void GiveBack(ResourceAllocation allocation)
    {
        _ledger.Release(allocation);
        _gaveBack = true;
    }

    /// <summary>
    /// Dispatches from a lane while its shape fits. Workers take from lanes without the lock, so the CPU is taken
    /// first and then whatever task is at the head. Call under the lock.
    /// </summary>
    private TaskRecord? DispatchLane(ConcurrentQueue<TaskRecord> lane, ResourceDemand shape, bool handOff, TaskRecord? first)
    {
        while (!lane.IsEmpty && _ledger.TryAcquire(shape, out ResourceAllocation allocation))
        {
            if (!lane.TryDequeue(out TaskRecord? task))
            {
                GiveBack(allocation);
                break;
            }

            if (task.TaskState != TaskState.Queued)
            {
                GiveBack(allocation);
                continue;
            }

            first = Dispatch(task, allocation, handOff, first);
        }

        return first;
    }

    /// <summary>Takes a queued task on with its allocation; the first is kept for a handing-off caller. Call under the lock.</summary>
    private TaskRecord? Dispatch(TaskRecord task, ResourceAllocation allocation, bool handOff, TaskRecord? first)
    {
        if (task.CancelRequested)
        {
            GiveBack(allocation);
            EndIfCancelledInQueue(task);
            return first;
        }

        task.Allocation = allocation;
        if (!task.TryTransition(TaskState.Queued, TaskState.Dispatched))
        {
            // Cancelled, or taken inline by a waiting parent, since it was peeked.
            task.Allocation = null;
            GiveBack(allocation);
            return first;
        }

        AddActive(task);
        if (handOff && first is null)
        {
            return task;
        }

        _node.Dispatch(task);
        return first;
    }

    /// <summary>The oldest task of a device or custom-resource queue, kept aside until it is dispatched. Call under the lock.</summary>
    private TaskRecord? PriorityHead(ConcurrentQueue<TaskRecord> queue)
    {
        if (_priorityHeads.TryGetValue(queue, out TaskRecord? head))
        {
            return head;
        }

        if (!queue.TryDequeue(out head))
        {
            return null;
        }

        _priorityHeads.Add(queue, head);
        return head;
    }

    /// <summary>Forgets the head of a queue once it is dispatched or no longer queued. Call under the lock.</summary>
    private void DropPriorityHead(ConcurrentQueue<TaskRecord> queue)
    {
        _priorityHeads.Remove(queue);
        Volatile.Write(ref _priorityQueued, _priorityQueued - 1);
    }

    /// <summary>Gives a task a slot in the list of resource holders. Call under the lock.</summary>
    private void AddActive(TaskRecord task)
    {
        ActiveSlot slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : new ActiveSlot();
        slot.Task = task;
        slot.Previous = null;
        slot.Next = _activeHead;
        if (_activeHead is not null)
        {
            _activeHead.Previous = slot;
        }

        _activeHead = slot;
        task.Slot = slot;
        _activeCount++;
    }

    /// <summary>Removes a task's slot from the list; false when it had none. Call under the lock.</summary>
    private bool RemoveActive(TaskRecord task)
    {
        if (task.Slot is not { } slot)
        {
            return false;
        }

        if (slot.Previous is { } previous)
        {
            previous.Next = slot.Next;
        }
        else
        {
            _activeHead = slot.Next;
        }

        if (slot.Next is { } next)
        {
            next.Previous = slot.Previous;
        }

        slot.Previous = slot.Next = null;
        slot.Task = null;
        _freeSlots.Push(slot);
        task.Slot = null;
        _activeCount--;
        return true;
    }

    private IEnumerable<TaskRecord> ActiveTasks()
    {
        for (ActiveSlot? slot = _activeHead; slot is not null; slot = slot.Next)
        {
            if (slot.Task is { } task)
            {
                yield return task;
            }
        }
    }

    private ConcurrentQueue<TaskRecord> QueueFor(TaskRecord task)
    {
        if (task.Demand.Queue is ConcurrentQueue<TaskRecord> cached)
        {
            return cached;
        }

        string shape = task.Demand.Key;
        if (!_queuesByShape.TryGetValue(shape, out ConcurrentQueue<TaskRecord>? queue))
        {
            queue = new ConcurrentQueue<TaskRecord>();
            _queuesByShape.Add(shape, queue);

            // Scarce shapes first; within a priority, in the order the shapes first appeared.
            // (A loop, not a lambda: a closure over the task would be allocated on every call.)
            int at = _queues.Count;
            while (at > 0 && _queues[at - 1].Priority > task.Demand.Priority)
            {
                at--;
            }

            _queues.Insert(at, (task.Demand.Priority, queue, task.Demand));
            if (task.Demand.IsCpuOnly)
            {
                Volatile.Write(ref _lanes, [.. _lanes, queue]);
            }
        }

        task.Demand.Queue = queue;
        return queue;
    }
}
