using System.Runtime.CompilerServices;

namespace GpuRay.Objects;

/// <summary>
/// The buffer of each streaming task, found by its task when an attempt starts. Kept beside the task, not in it, so
/// that ordinary tasks carry nothing for streams; the entry goes with the task.
/// </summary>
internal static class StreamSinks
{
    private static readonly ConditionalWeakTable<TaskRecord, IStreamSink> Sinks = [];

    public static void Attach(TaskRecord task, IStreamSink sink) => Sinks.Add(task, sink);

    /// <summary>The buffer of a streaming task.</summary>
    /// <exception cref="InvalidOperationException">The task was submitted without one (not through its stream function).</exception>
    public static IStreamSink Of(TaskRecord task) =>
        Sinks.TryGetValue(task, out IStreamSink? sink)
            ? sink
            : throw new InvalidOperationException(
                $"Remote function '{task.Name}' is a stream: submit it through the RemoteStreamFunction that RemoteStream made, whose Remote returns the stream of its items.");
}
