using GpuRay.Scheduling;
using GpuRay.Timeline;

namespace GpuRay.State;

/// <summary>
/// The runtime's state API (<see cref="GpuRayRuntime.State"/>), after Ray's <c>ray.util.state</c>: list and summarise
/// tasks, list objects and worker processes. Every call takes a fresh snapshot and returns immutable records.
/// </summary>
/// <remarks>
/// Nothing is recorded per task for it. Ended attempts come from the timeline, which records every attempt anyway, so
/// the tasks kept after they end are bounded by <see cref="Runtime.RuntimeOptions.TimelineCapacity"/> (the newest
/// attempts). Live tasks are found from the scheduler's queues and resource holders, and from there through the tasks
/// that wait on them and the tasks they submitted. Thread-safe; a snapshot taken while tasks move may show a task that
/// ends meanwhile in its earlier state.
/// </remarks>
public sealed partial class RuntimeState
{
    private readonly GpuRayRuntime _runtime;

    internal RuntimeState(GpuRayRuntime runtime) => _runtime = runtime;

    /// <summary>The task attempts that match the filter, ordered by task id and then attempt.</summary>
    /// <param name="filter">Which attempts; null for all.</param>
    /// <returns>Live attempts and ended ones the timeline keeps; with a limit, the newest tasks' attempts.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The filter's limit is negative.</exception>
    public IReadOnlyList<TaskInfo> ListTasks(TaskFilter? filter = null)
    {
        if (filter?.Limit is int limit)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(limit, nameof(filter));
        }

        List<TaskInfo> tasks = CollectTasks(filter);
        if (filter?.Limit is int keep && tasks.Count > keep)
        {
            tasks.RemoveRange(0, tasks.Count - keep);
        }

        return tasks;
    }

    /// <summary>Per task name, how many tasks are in each state, counting each task once by its latest attempt.</summary>
    /// <returns>One summary per name, ordered by name.</returns>
    public IReadOnlyList<TaskSummary> SummarizeTasks()
    {
        List<TaskInfo> tasks = CollectTasks(null);
        var byName = new SortedDictionary<string, Dictionary<TaskState, int>>(StringComparer.Ordinal);
        for (int i = 0; i < tasks.Count; i++)
        {
            // Sorted by id and attempt: a task's last row is its latest attempt.
            if (i + 1 < tasks.Count && tasks[i + 1].TaskId == tasks[i].TaskId)
            {
                continue;
            }

            TaskInfo task = tasks[i];
            if (!byName.TryGetValue(task.Name, out Dictionary<TaskState, int>? states))
            {
                byName.Add(task.Name, states = []);
            }

            states[task.State] = states.GetValueOrDefault(task.State) + 1;
        }

        return [.. byName.Select(pair => new TaskSummary(pair.Key, pair.Value, pair.Value.Values.Sum()))];
    }

    private static bool Matches(TaskFilter? filter, long id, string name, TaskState state) =>
        filter is null
        || ((filter.TaskId is not { } wantedId || wantedId == id)
            && (filter.Name is not { } wantedName || string.Equals(wantedName, name, StringComparison.Ordinal))
            && (filter.State is not { } wantedState || wantedState == state));

    private List<TaskInfo> CollectTasks(TaskFilter? filter)
    {
        // Live tasks first: a task that ends between the two reads is then found in the timeline too, and the ended
        // attempt wins. Read the other way round, it could be missed by both.
        var live = new Dictionary<(long Id, int Attempt), TaskInfo>();
        foreach (TaskRecord task in _runtime.Scheduler.LiveTasks())
        {
            TaskState state = task.TaskState;
            if (Matches(filter, task.Id, task.Name, state))
            {
                TaskInfo info = DescribeLive(task, state);
                live[(info.TaskId, info.Attempt)] = info;
            }
        }

        var tasks = new List<TaskInfo>();
        foreach (TimelineRecord record in _runtime.Timeline.Records())
        {
            TimelineEvent e = record.Event;
            bool retried = e.Outcome == TaskState.Queued;
            TaskState state = retried ? TaskState.Failed : e.Outcome;
            int attempt = record.Ran ? e.Attempt : e.Attempt + 1;
            live.Remove((e.TaskId, attempt));
            if (!Matches(filter, e.TaskId, e.Name, state))
            {
                continue;
            }

            tasks.Add(new TaskInfo(
                e.TaskId,
                e.Name,
                state,
                attempt,
                retried,
                e.Submitted,
                record.Ran ? e.Started : null,
                e.Finished,
                e.WorkerProcessId,
                e.ThreadId,
                e.Resources,
                e.GpuIds,
                record.Error));
        }

        tasks.AddRange(live.Values);
        tasks.Sort(static (a, b) => a.TaskId != b.TaskId ? a.TaskId.CompareTo(b.TaskId) : a.Attempt.CompareTo(b.Attempt));
        return tasks;
    }

    private TaskInfo DescribeLive(TaskRecord task, TaskState state)
    {
        bool running = state == TaskState.Running;
        TimeSpan? started = null;
        if (running && task.Slot is { } slot && ReferenceEquals(slot.Task, task) && slot.StartedTicks >= task.SubmittedTicks)
        {
            started = _runtime.Timeline.Elapsed(slot.StartedTicks);
        }

        int[] gpuIds = task.Allocation?.DeviceIds ?? [];
        return new TaskInfo(
            task.Id,
            task.Name,
            state,
            running ? Math.Max(1, task.Attempt) : task.Attempt + 1,
            Retried: false,
            _runtime.Timeline.Elapsed(task.SubmittedTicks),
            started,
            Ended: null,
            task.WorkerProcessId,
            ThreadId: 0,
            task.Demand.Key,
            string.Join(",", gpuIds),
            Error: null);
    }
}
