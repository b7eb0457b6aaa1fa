namespace GpuRay.Workers;

/// <summary>
/// The files in shared memory of one worker call: the large arguments the driver wrote and the path a large result
/// may be written to. Disposing deletes them all, whatever the call's outcome (a result, an error, a crashed or
/// killed worker), so no file outlives its call.
/// </summary>
/// <remarks>
/// After one file fails, the rest of the call goes through the pipe: a full disk is not tried once per argument.
/// </remarks>
internal sealed class CallRegions(SharedRegions owner) : IDisposable
{
    private List<string>? _files;
    private bool _failed;

    /// <summary>How many bytes of arguments this call sent through shared memory.</summary>
    public long Bytes { get; private set; }

    /// <summary>Writes a value's bytes to a new file when they are large enough, or returns null: send it as JSON.</summary>
    /// <param name="bytes">The value's bytes.</param>
    /// <param name="element">The array's element type when <paramref name="bytes"/> are a primitive array's; null for JSON text.</param>
    public SharedValue? TryShare(ReadOnlySpan<byte> bytes, TypeCode? element)
    {
        if (_failed || bytes.Length < WorkerProcess.SharedMinBytes)
        {
            return null;
        }

        if (owner.TryCreate(bytes) is not { } path)
        {
            _failed = true;
            return null;
        }

        (_files ??= []).Add(path);
        Bytes += bytes.Length;
        return new SharedValue(path, bytes.Length, element);
    }

    /// <summary>Where the worker may write a result of <paramref name="type"/> that is a large primitive array, or null.</summary>
    public string? ResultPath(Type type)
    {
        if (_failed || !SharedValues.IsBinary(type) || owner.NewPath() is not { } path)
        {
            return null;
        }

        (_files ??= []).Add(path);
        return path;
    }

    public void Dispose()
    {
        foreach (string file in _files ?? [])
        {
            SharedRegions.Delete(file);
        }
    }
}
