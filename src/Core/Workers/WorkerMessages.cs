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

    /// <summary>Worker to driver: the call returned a large array, written to the file the request named (payload: <see cref="SharedValue"/>).</summary>
    SharedResult = 5,

    /// <summary>Worker to driver, during a streaming call: one item, as JSON, as soon as it is produced (then Result or Error).</summary>
    Item = 6,
}

/// <summary>The worker's greeting.</summary>
internal sealed record WorkerHello(int ProcessId);

/// <summary>
/// One call: the method by assembly, build (the module's version id) and metadata token, and the arguments as JSON.
/// </summary>
/// <param name="Function">The remote function's stable name.</param>
/// <param name="Assembly">The full name of the method's assembly.</param>
/// <param name="AssemblyPath">Where the driver loaded it from, when it knows.</param>
/// <param name="ModuleVersionId">The build of the method's module.</param>
/// <param name="MetadataToken">The method's token in that module.</param>
/// <param name="Arguments">The arguments as JSON.</param>
/// <param name="RefIds">
/// Per argument, for large ones that came from refs: the ref's key (<see cref="KeptArguments.KeyOf"/>) when the
/// argument is sent and the worker keeps it for later calls, minus the key when the worker has it already (the
/// argument is then sent as null), 0 otherwise.
/// </param>
/// <param name="Evict">Keys of kept arguments the worker lets go of after this call's are read, or null.</param>
/// <param name="Shared">
/// Per argument, the file in shared memory that holds it (the argument is then sent as null), or null; null when no
/// argument travels that way.
/// </param>
/// <param name="ResultPath">Where the worker writes a large array result (the driver deletes it), or null: as JSON.</param>
internal sealed record WorkerRequest(
    string Function,
    string Assembly,
    string? AssemblyPath,
    Guid ModuleVersionId,
    int MetadataToken,
    JsonElement[] Arguments,
    long[]? RefIds = null,
    long[]? Evict = null,
    SharedValue?[]? Shared = null,
    string? ResultPath = null);

/// <summary>A value in a file in shared memory: its path, its size, and its elements' type when it is a primitive array's bytes (else it is JSON).</summary>
internal sealed record SharedValue(string Path, int Bytes, TypeCode? Element);

/// <summary>An exception thrown in a worker: its type, message, full text (stack and inner exceptions), and its causes.</summary>
internal sealed record WorkerFailure(string Type, string Message, string Details, WorkerFailure[]? Inner = null);

/// <summary>
/// Frames over the worker's pipe: 2 bytes of magic, 4 bytes of length, a kind, a payload. The magic catches a stream
/// that went out of step at once, instead of reading garbage as a length.
/// </summary>
internal static class WorkerFrames
{
    private const int MaxFrameBytes = int.MaxValue - 64;
    private const byte Magic0 = (byte)'G';
    private const byte Magic1 = (byte)'R';
    private const int HeaderBytes = 7;

    public static void Write<T>(Stream stream, WorkerFrameKind kind, T message) =>
        WriteRaw(stream, kind, JsonSerializer.SerializeToUtf8Bytes(message, WorkerSerializer.Options));

    public static void WriteRaw(Stream stream, WorkerFrameKind kind, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        (header[0], header[1]) = (Magic0, Magic1);
        BinaryPrimitives.WriteInt32LittleEndian(header[2..], payload.Length);
        header[6] = (byte)kind;
        stream.Write(header);
        stream.Write(payload);
        stream.Flush();
    }

    /// <summary>Reads one frame, or returns false at the end of the stream (the other side is gone).</summary>
    /// <exception cref="InvalidDataException">The stream is out of step.</exception>
    public static bool TryRead(Stream stream, out WorkerFrameKind kind, out byte[] payload)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        if (!TryReadExactly(stream, header))
        {
            (kind, payload) = (default, []);
            return false;
        }

        payload = new byte[ParseHeader(header, out kind)];
        return TryReadExactly(stream, payload);
    }

    /// <summary>Reads one frame without holding a thread while it waits, or returns null at the end of the stream.</summary>
    /// <exception cref="InvalidDataException">The stream is out of step.</exception>
    public static async Task<(WorkerFrameKind Kind, byte[] Payload)?> TryReadAsync(Stream stream, CancellationToken cancellation)
    {
        byte[] header = new byte[HeaderBytes];
        if (await stream.ReadAtLeastAsync(header, HeaderBytes, throwOnEndOfStream: false, cancellation).ConfigureAwait(false) != HeaderBytes)
        {
            return null;
        }

        byte[] payload = new byte[ParseHeader(header, out WorkerFrameKind kind)];
        int read = await stream.ReadAtLeastAsync(payload, payload.Length, throwOnEndOfStream: false, cancellation).ConfigureAwait(false);
        return read == payload.Length ? (kind, payload) : null;
    }

    public static T Parse<T>(byte[] payload) =>
        JsonSerializer.Deserialize<T>(payload, WorkerSerializer.Options) ?? throw new InvalidDataException($"An empty {typeof(T).Name} frame.");

    private static int ParseHeader(ReadOnlySpan<byte> header, out WorkerFrameKind kind)
    {
        int length = BinaryPrimitives.ReadInt32LittleEndian(header[2..]);
        if (header[0] != Magic0 || header[1] != Magic1 || length < 0 || length > MaxFrameBytes)
        {
            throw new InvalidDataException("A worker frame does not start with GpuRay's header; the stream is out of step.");
        }

        kind = (WorkerFrameKind)header[6];
        return length;
    }

    private static bool TryReadExactly(Stream stream, Span<byte> buffer) => stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length;
}
