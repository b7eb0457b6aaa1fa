using GpuRay.Objects;
using GpuRay.Scheduling;
using GpuRay.Workers;

namespace GpuRay.State;

public sealed partial class RuntimeState
{
    /// <summary>
    /// The objects the runtime can see, ordered by id: the objects counted in the store (every Put, and task results of
    /// the inline threshold and more), the results of tasks that have not ended, the arguments of those tasks, and the
    /// objects that worker processes keep copies of.
    /// </summary>
    /// <remarks>
    /// A ref is a .NET object that the garbage collector tracks; nobody counts the references the application holds to
    /// it. So the counts here are the runtime's own (<see cref="ObjectInfo.PendingTaskArguments"/>,
    /// <see cref="ObjectInfo.PendingResult"/>), counted exactly, and an object the runtime does not hold is listed only
    /// while something else still reaches it: the store and the worker caches track their objects weakly, and the
    /// garbage collector clears them once no ref is reachable. Between a ref's last use and the next collection such
    /// an object is still listed; call <see cref="GC.Collect()"/> first for the exact set. A small task result (under
    /// the inline threshold) that only the application holds is not listed: it travels with its ref, as in Ray, and the
    /// runtime keeps no record of it.
    /// </remarks>
    public IReadOnlyList<ObjectInfo> ListObjects()
    {
        var entries = new Dictionary<ObjectRef, ObjectEntry>(ReferenceEqualityComparer.Instance);
        ObjectEntry EntryOf(ObjectRef reference)
        {
            if (!entries.TryGetValue(reference, out ObjectEntry? entry))
            {
                entries.Add(reference, entry = new ObjectEntry());
            }

            return entry;
        }

        var arguments = new List<ObjectRef>();
        foreach (TaskRecord task in _runtime.Scheduler.LiveTasks())
        {
            EntryOf(task).PendingResult = true;
            arguments.Clear();
            task.CollectArgumentRefs(arguments);
            foreach (ObjectRef argument in arguments)
            {
                EntryOf(argument).PendingTaskArguments++;
            }
        }

        foreach ((ObjectRef owner, long sizeBytes) in _runtime.Store.CountedObjects())
        {
            EntryOf(owner).StoreBytes = sizeBytes;
        }

        List<(int ProcessId, HashSet<long> Kept)> caches = [.. WorkerBooks().Select(w => (w.Worker.ProcessId, w.Books.Kept))];
        if (caches.Exists(c => c.Kept.Count > 0))
        {
            foreach ((ObjectRef reference, long key) in KeptArguments.Keyed())
            {
                foreach ((int processId, HashSet<long> kept) in caches)
                {
                    if (kept.Contains(key))
                    {
                        EntryOf(reference).WorkerProcessIds.Add(processId);
                    }
                }
            }
        }

        var objects = new List<ObjectInfo>(entries.Count);
        foreach ((ObjectRef reference, ObjectEntry entry) in entries)
        {
            ObjectState state = reference.State;
            bool ready = state == ObjectState.Ready;
            ObjectLocations locations = (ready ? ObjectLocations.InProcess : ObjectLocations.None)
                | (entry.WorkerProcessIds.Count > 0 ? ObjectLocations.WorkerCache : ObjectLocations.None);
            entry.WorkerProcessIds.Sort();
            objects.Add(new ObjectInfo(
                reference.Id,
                reference.ValueType,
                state,
                reference.IsFreed,
                ready ? entry.StoreBytes ?? reference.MeasureValue() : null,
                entry.StoreBytes is not null,
                locations,
                entry.WorkerProcessIds,
                reference.Producing is null ? null : reference.Id,
                reference.Producing?.TaskName ?? "put",
                entry.PendingTaskArguments,
                entry.PendingResult && !reference.IsCompleted));
        }

        objects.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return objects;
    }

    /// <summary>The live worker processes, ordered by process id; empty when no task has needed one.</summary>
    public IReadOnlyList<WorkerInfo> ListWorkers()
    {
        var running = new Dictionary<int, long>();
        List<(WorkerProcess Worker, bool Idle, (Dictionary<string, int> Calls, HashSet<long> Kept, long KeptBytes) Books)> workers = WorkerBooks();
        if (workers.Count > 0)
        {
            foreach (TaskRecord task in _runtime.Scheduler.LiveTasks())
            {
                if (task.TaskState == TaskState.Running && task.WorkerProcessId != 0)
                {
                    running[task.WorkerProcessId] = task.Id;
                }
            }
        }

        return [.. workers
            .Select(w => new WorkerInfo(
                w.Worker.ProcessId,
                w.Idle ? WorkerState.Idle : WorkerState.Busy,
                w.Books.Calls,
                !w.Idle && running.TryGetValue(w.Worker.ProcessId, out long taskId) ? taskId : null,
                w.Books.Kept.Count,
                w.Books.KeptBytes))
            .OrderBy(w => w.ProcessId)];
    }

    private List<(WorkerProcess Worker, bool Idle, (Dictionary<string, int> Calls, HashSet<long> Kept, long KeptBytes) Books)> WorkerBooks() =>
        _runtime.StartedWorkers is { } pool ? [.. pool.Snapshot().Select(w => (w.Worker, w.Idle, w.Worker.Books()))] : [];

    /// <summary>What <see cref="ListObjects"/> learns of one object as it goes.</summary>
    private sealed class ObjectEntry
    {
        public bool PendingResult { get; set; }

        public int PendingTaskArguments { get; set; }

        public long? StoreBytes { get; set; }

        public List<int> WorkerProcessIds { get; } = [];
    }
}
