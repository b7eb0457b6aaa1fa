using System.Text.Json;

namespace GpuRay.Workers;

/// <summary>
/// In a worker: one argument of a call as it arrived, read into its parameter's type when the call is made. A kept
/// argument is read afresh for each call (its JSON decoded, its array copied), so that a call that changes its
/// argument does not change the next call's.
/// </summary>
/// <param name="Json">The argument as JSON, when it came in the request or is kept as JSON.</param>
/// <param name="Utf8">The argument's JSON text, when it came in a file and is not kept.</param>
/// <param name="Array">The argument's array, when it came in a file as its bytes.</param>
/// <param name="Copy">Whether each read copies <paramref name="Array"/> (it is kept).</param>
internal readonly record struct WorkerArgument(JsonElement Json, byte[]? Utf8, Array? Array, bool Copy)
{
    /// <summary>Reads an argument from its file in shared memory: once, whether it is kept or not.</summary>
    public static WorkerArgument FromFile(SharedValue file, bool keep)
    {
        Array value = SharedValues.Read(file);
        if (file.Element is not null)
        {
            return new WorkerArgument(default, null, value, Copy: keep);
        }

        if (!keep)
        {
            return new WorkerArgument(default, (byte[])value, null, Copy: false);
        }

        // Kept as parsed JSON, as an argument kept from the request is: each call decodes its own copy.
        var reader = new Utf8JsonReader((byte[])value);
        return new WorkerArgument(JsonElement.ParseValue(ref reader), null, null, Copy: false);
    }

    public object? Read(Type type) =>
        Array is not null ? (Copy ? SharedValues.Copy(Array) : Array)
        : Utf8 is not null ? JsonSerializer.Deserialize(Utf8, type, WorkerSerializer.Options)
        : Json.Deserialize(type, WorkerSerializer.Options);
}
