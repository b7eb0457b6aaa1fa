namespace GpuRay.Objects;

/// <summary>A stream's buffer as a worker process's reader feeds it: items arrive as JSON, in the order produced.</summary>
internal interface IStreamSink
{
    /// <summary>A new attempt starts producing from its first item (items an earlier attempt delivered are skipped).</summary>
    void BeginAttempt();

    /// <summary>Adds one item written as JSON; returns once the producer may go on (see <see cref="StreamBuffer{T}.Add"/>).</summary>
    void AddJson(byte[] payload, CancellationToken cancellation);
}
