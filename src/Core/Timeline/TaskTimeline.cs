using System.Diagnostics;
using System.Text.Json;

using GpuRay.Scheduling;

namespace GpuRay.Timeline;

/// <summary>
/// Every task attempt's submitted, started and finished times, resources and thread, recorded always. A ring of
/// the newest <see cref="Capacity"/> attempts; a record costs one slot write. Export as Chrome trace JSON
/// (open it in Perfetto or chrome://tracing).
/// </summary>
public sealed class TaskTimeline
{
    private const int ChunkBits = 12;
    private const int ChunkSize = 1 << ChunkBits;
    private const long Writing = -1;

    private readonly long _origin = Stopwatch.GetTimestamp();
    private readonly Slot[]?[] _chunks;
    private readonly long _mask;
    private long _next;

    internal TaskTimeline(int capacity)
    {
        int size = (int)Math.Max(ChunkSize, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity));
        Capacity = size;
        _mask = size - 1;
        _chunks = new Slot[]?[size >> ChunkBits];
    }

    /// <summary>How many attempts the ring keeps (the newest ones).</summary>
    public int Capacity { get; }

    /// <summary>Attempts recorded since the start, including those the ring has dropped.</summary>
    public long Recorded => Volatile.Read(ref _next);

    /// <summary>The attempts still in the ring, oldest first.</summary>
    public IReadOnlyList<TimelineEvent> Snapshot()
    {
        var events = new List<TimelineEvent>();
        foreach (TimelineRecord record in Records())
        {
            events.Add(record.Event);
        }

        return events;
    }

    /// <summary>The attempts still in the ring, oldest first, read one at a time (an attempt being written is skipped).</summary>
    internal IEnumerable<TimelineRecord> Records()
    {
        long end = Volatile.Read(ref _next);
        long start = Math.Max(0, end - Capacity);
        for (long i = start; i < end; i++)
        {
            Slot[]? chunk = _chunks[(i & _mask) >> ChunkBits];
            if (chunk is null)
            {
                continue;
            }

            ref Slot slot = ref chunk[i & (ChunkSize - 1)];
            long before = Volatile.Read(ref slot.Sequence);
            Slot value = slot;
            if (before == i + 1 && Volatile.Read(ref slot.Sequence) == before)
            {
                var e = new TimelineEvent(
                    value.TaskId,
                    value.Name!,
                    value.Attempt,
                    value.Outcome,
                    value.Resources!,
                    value.GpuIds!,
                    Elapsed(value.SubmittedTicks),
                    Elapsed(value.StartedTicks == 0 ? value.FinishedTicks : value.StartedTicks),
                    Elapsed(value.FinishedTicks),
                    value.ThreadId,
                    value.WorkerProcessId);
                yield return new TimelineRecord(e, value.StartedTicks != 0, value.Error);
            }
        }
    }

    /// <summary>Raw clock ticks as the time since the runtime started, as the timeline's events give it.</summary>
    internal TimeSpan Elapsed(long ticks) => ticks == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_origin, ticks);

    /// <summary>
    /// Writes the timeline as Chrome trace JSON: one complete ("X") event per attempt. Attempts that ran in this process
    /// get a row per thread under process 1 (the driver); attempts that ran in a worker process get that worker's row,
    /// under its own pid.
    /// </summary>
    public void WriteChromeTrace(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteString("displayTimeUnit", "ms");
        json.WriteStartArray("traceEvents");
        IReadOnlyList<TimelineEvent> events = Snapshot();
        WriteProcessName(json, 1, $"GpuRay driver (pid {Environment.ProcessId})");
        foreach (int worker in events.Select(e => e.WorkerProcessId).Where(pid => pid != 0).Distinct().Order())
        {
            WriteProcessName(json, worker, $"GpuRay worker (pid {worker})");
        }

        foreach (TimelineEvent e in events)
        {
            json.WriteStartObject();
            json.WriteString("name", e.Name);
            json.WriteString("cat", e.Outcome.ToString());
            json.WriteString("ph", "X");
            json.WriteNumber("ts", e.Started.Ticks / 10.0);
            json.WriteNumber("dur", e.Duration.Ticks / 10.0);
            json.WriteNumber("pid", e.WorkerProcessId == 0 ? 1 : e.WorkerProcessId);
            json.WriteNumber("tid", e.WorkerProcessId == 0 ? e.ThreadId : e.WorkerProcessId);
            json.WriteStartObject("args");
            json.WriteNumber("task_id", e.TaskId);
            json.WriteNumber("attempt", e.Attempt);
            json.WriteString("outcome", e.Outcome.ToString());
            json.WriteString("resources", e.Resources);
            json.WriteString("gpu_ids", e.GpuIds);
            json.WriteNumber("submitted_us", e.Submitted.Ticks / 10.0);
            json.WriteNumber("queued_us", e.QueueTime.Ticks / 10.0);
            if (e.WorkerProcessId != 0)
            {
                json.WriteNumber("worker_pid", e.WorkerProcessId);
                json.WriteNumber("driver_thread", e.ThreadId);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Writes the Chrome trace JSON to a file.</summary>
    public void WriteChromeTrace(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using FileStream file = File.Create(path);
        WriteChromeTrace(file);
    }

    /// <summary>A metadata event that names a process row in the trace viewer.</summary>
    private static void WriteProcessName(Utf8JsonWriter json, int pid, string name)
    {
        json.WriteStartObject();
        json.WriteString("name", "process_name");
        json.WriteString("ph", "M");
        json.WriteNumber("pid", pid);
        json.WriteStartObject("args");
        json.WriteString("name", name);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <param name="task">The task.</param>
    /// <param name="outcome">How the attempt ended (Queued: it is retried).</param>
    /// <param name="startedTicks">When it started; 0 when the task ended without running this attempt.</param>
    /// <param name="finishedTicks">When it ended (ignored when it never ran: read here).</param>
    /// <param name="error">What failed it: the task's own exception, an upstream error, or the system failure.</param>
    internal void Record(TaskRecord task, TaskState outcome, long startedTicks, long finishedTicks, Exception? error = null)
    {
        if (startedTicks == 0)
        {
            finishedTicks = Stopwatch.GetTimestamp();
        }

        int[] gpuIds = task.Allocation?.DeviceIds ?? [];
        long index = Interlocked.Increment(ref _next) - 1;
        long position = index & _mask;
        Slot[] chunk = _chunks[position >> ChunkBits] ?? EnsureChunk(position >> ChunkBits);
        ref Slot slot = ref chunk[position & (ChunkSize - 1)];
        var spin = default(SpinWait);
        while (true)
        {
            // A writer that lagged a whole ring behind must not overwrite a newer event in the same slot.
            long seen = Volatile.Read(ref slot.Sequence);
            if (seen > index + 1)
            {
                return;
            }

            if (seen != Writing && Interlocked.CompareExchange(ref slot.Sequence, Writing, seen) == seen)
            {
                break;
            }

            spin.SpinOnce();
        }

        // Raw clock ticks: converting them waits for Snapshot, off the worker's path.
        slot.TaskId = task.Id;
        slot.Name = task.Name;
        slot.Attempt = outcome is TaskState.Cancelled or TaskState.Failed && task.Attempt == 0 ? 0 : task.Attempt;
        slot.Outcome = outcome;
        slot.Resources = task.Demand.Key;
        slot.GpuIds = gpuIds.Length == 0 ? "" : gpuIds.Length == 1 ? DeviceLabel(gpuIds[0]) : string.Join(",", gpuIds);
        slot.SubmittedTicks = task.SubmittedTicks;
        slot.StartedTicks = startedTicks;
        slot.FinishedTicks = finishedTicks;
        slot.ThreadId = task.Attempt == 0 ? 0 : Environment.CurrentManagedThreadId;
        slot.WorkerProcessId = task.Attempt == 0 ? 0 : task.WorkerProcessId;

        // A string, not the exception: a kept exception would keep what it references for as long as the ring does.
        slot.Error = error is null ? null : $"{error.GetType().FullName}: {error.Message}";
        Volatile.Write(ref slot.Sequence, index + 1);
    }

    private static string DeviceLabel(int id) => id switch
    {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        _ => id.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private Slot[] EnsureChunk(long index)
    {
        var fresh = new Slot[ChunkSize];
        return Interlocked.CompareExchange(ref _chunks[index], fresh, null) ?? fresh;
    }

    private struct Slot
    {
        public long Sequence;
        public long TaskId;
        public string? Name;
        public int Attempt;
        public TaskState Outcome;
        public string? Resources;
        public string? GpuIds;
        public long SubmittedTicks;
        public long StartedTicks;
        public long FinishedTicks;
        public int ThreadId;
        public int WorkerProcessId;
        public string? Error;
    }
}
