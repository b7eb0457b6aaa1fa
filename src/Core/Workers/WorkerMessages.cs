using System.Buffers.Binary;
using System.Text.Json;

namespace GpuRay.Workers;

/// <summary>What a frame between this process and a worker carries.</summary>
internal enum WorkerFrameKind : byte
{
    /// <summary>Worker to driver, once: the worker is up (payload: <see cref="WorkerHello"/>).</summary>
    Ready = 1,

    /// <summary>Driver to worker: run one call (payload: <see cref="WorkerRequest"/>).</summary>
    Run = 2,

    /// <summary>Worker to driver: the call returned (payload: the result as JSON).</summary>
    Result = 3,

    /// <summary>Worker to driver: the call threw, or could not be made (payload: <see cref="WorkerFailure"/>).</summary>
    Error = 4,
}

/// <summary>The worker's greeting.</summary>
internal sealed record WorkerHello(int ProcessId);

/// <summary>One call: the method by assembly and metadata token (stable within a build), and the arguments as JSON.</summary>
internal sealed record WorkerRequest(string Function, string Assembly, string? AssemblyPath, int MetadataToken, JsonElement[] Arguments);

/// <summary>An exception thrown in a worker: its type, message and full text (stack and inner exceptions).</summary>
internal sealed record WorkerFailure(string Type, string Message, string Details);

/// <summary>Length-prefixed frames over the worker's standard input and output: 4 bytes of length, a kind, a payload.</summary>
internal static class WorkerFrames
{
    private const int MaxFrameBytes = int.MaxValue - 64;

    public static void Write<T>(Stream stream, WorkerFrameKind kind, T message) =>
        WriteRaw(stream, kind, JsonSerializer.SerializeToUtf8Bytes(message, WorkerSerializer.Options));

    public static void WriteRaw(Stream stream, WorkerFrameKind kind, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[5];
        BinaryPrimitives.WriteInt32LittleEndian(header, payload.Length);
        header[4] = (byte)kind;
        stream.Write(header);
        stream.Write(payload);
        stream.Flush();
    }

    /// <summary>Reads one frame, or returns false at the end of the stream (the other side is gone).</summary>
    public static bool TryRead(Stream stream, out WorkerFrameKind kind, out byte[] payload)
    {
        Span<byte> header = stackalloc byte[5];
        if (!TryReadExactly(stream, header))
        {
            (kind, payload) = (default, []);
            return false;
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 0 || length > MaxFrameBytes)
        {
            throw new InvalidDataException($"A worker frame claims {length} bytes; the stream is out of step.");
        }

        kind = (WorkerFrameKind)header[4];
        payload = new byte[length];
        return TryReadExactly(stream, payload);
    }

    public static T Parse<T>(byte[] payload) =>
        JsonSerializer.Deserialize<T>(payload, WorkerSerializer.Options) ?? throw new InvalidDataException($"An empty {typeof(T).Name} frame.");

    private static bool TryReadExactly(Stream stream, Span<byte> buffer) => stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length;
}
