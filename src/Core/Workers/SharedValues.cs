using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

using Microsoft.Win32.SafeHandles;

namespace GpuRay.Workers;

/// <summary>
/// Large values that travel to and from a worker as files in shared memory instead of JSON over the pipe: arrays of
/// primitive elements as their bytes, anything else as its JSON text. Both ends use these helpers.
/// </summary>
/// <remarks>
/// A file is written once with <see cref="RandomAccess"/> and read once into the value's own memory, then deleted by
/// the driver. On tmpfs (<c>/dev/shm</c>) that is two memory copies and no disk; a <see cref="System.IO.MemoryMappedFiles.MemoryMappedFile"/>
/// per value measured 10x slower (2.8 ms against 0.28 ms for 800 KB, mostly mapping, page faults and unmapping), and
/// the value must be copied out of a mapping anyway, since a call gets its own copy.
/// </remarks>
internal static class SharedValues
{
    /// <summary>What a value sent as a file is sent as in the JSON arguments.</summary>
    public static readonly JsonElement Placeholder = JsonSerializer.SerializeToElement<object?>(null);

    /// <summary>Whether values of <paramref name="type"/> travel as their bytes: one-dimensional arrays of primitives.</summary>
    /// <remarks>
    /// Their bytes are the whole value, exactly (NaN payloads, negative zero, unpaired surrogates in a char[]),
    /// which the JSON of the same array also gives back, but for the last.
    /// </remarks>
    public static bool IsBinary(Type type) => type.IsSZArray && ElementCode(type.GetElementType()!) != TypeCode.Empty;

    /// <summary>The bytes of a primitive array, in place.</summary>
    public static ReadOnlySpan<byte> BytesOf(Array array) => MutableBytesOf(array);

    /// <summary>The size of a primitive array's elements in bytes, or -1 when it is larger than a span reaches.</summary>
    public static long ByteLength(Array array)
    {
        long bytes = array.LongLength * ElementSize(array.GetType().GetElementType()!);
        return bytes <= Array.MaxLength ? bytes : -1;
    }

    /// <summary>The element code a <see cref="SharedValue"/> names its elements by, or <see cref="TypeCode.Empty"/> for a non-primitive.</summary>
    public static TypeCode ElementCode(Type element) =>
        element.IsPrimitive && element != typeof(nint) && element != typeof(nuint) ? Type.GetTypeCode(element) : TypeCode.Empty;

    /// <summary>Writes a new file with <paramref name="bytes"/>: its space is reserved first, so that a full disk fails here.</summary>
    public static void WriteFile(string path, ReadOnlySpan<byte> bytes)
    {
        using SafeFileHandle file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, bytes.Length);
        RandomAccess.Write(file, bytes, 0);
    }

    /// <summary>Reads what <paramref name="shared"/> names: a new array of its elements, or its JSON's bytes (when <see cref="SharedValue.Element"/> is null).</summary>
    /// <exception cref="InvalidDataException">The file is not as the descriptor says.</exception>
    public static Array Read(SharedValue shared)
    {
        using SafeFileHandle file = File.OpenHandle(shared.Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (RandomAccess.GetLength(file) != shared.Bytes)
        {
            throw new InvalidDataException($"The shared value '{shared.Path}' holds {RandomAccess.GetLength(file)} bytes, not the {shared.Bytes} its descriptor says.");
        }

        Array value;
        if (shared.Element is { } code)
        {
            Type element = ElementType(code);
            int size = ElementSize(element);
            if (shared.Bytes % size != 0)
            {
                throw new InvalidDataException($"The shared value '{shared.Path}' holds {shared.Bytes} bytes, not a whole number of {element.Name}s.");
            }

            value = NewArray(code, shared.Bytes / size);
        }
        else
        {
            value = GC.AllocateUninitializedArray<byte>(shared.Bytes);
        }

        Span<byte> into = MutableBytesOf(value);
        for (int done = 0; done < into.Length;)
        {
            int read = RandomAccess.Read(file, into[done..], done);
            done += read > 0 ? read : throw new InvalidDataException($"The shared value '{shared.Path}' ended after {done} of {shared.Bytes} bytes.");
        }

        return value;
    }

    /// <summary>A copy of a primitive array: a block copy into a new array whose memory is not cleared first.</summary>
    public static Array Copy(Array array)
    {
        Array copy = NewArray(Type.GetTypeCode(array.GetType().GetElementType()), array.Length);
        BytesOf(array).CopyTo(MutableBytesOf(copy));
        return copy;
    }

    private static Array NewArray(TypeCode code, int length) => code switch
    {
        TypeCode.Boolean => GC.AllocateUninitializedArray<bool>(length),
        TypeCode.Char => GC.AllocateUninitializedArray<char>(length),
        TypeCode.SByte => GC.AllocateUninitializedArray<sbyte>(length),
        TypeCode.Byte => GC.AllocateUninitializedArray<byte>(length),
        TypeCode.Int16 => GC.AllocateUninitializedArray<short>(length),
        TypeCode.UInt16 => GC.AllocateUninitializedArray<ushort>(length),
        TypeCode.Int32 => GC.AllocateUninitializedArray<int>(length),
        TypeCode.UInt32 => GC.AllocateUninitializedArray<uint>(length),
        TypeCode.Int64 => GC.AllocateUninitializedArray<long>(length),
        TypeCode.UInt64 => GC.AllocateUninitializedArray<ulong>(length),
        TypeCode.Single => GC.AllocateUninitializedArray<float>(length),
        TypeCode.Double => GC.AllocateUninitializedArray<double>(length),
        _ => throw new InvalidDataException($"A shared value names elements of {code}, which are not a primitive type."),
    };

    private static Span<byte> MutableBytesOf(Array array) =>
        MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(array), checked((int)ByteLength(array)));

    private static int ElementSize(Type element) => RuntimeHelpers.SizeOf(element.TypeHandle);

    private static Type ElementType(TypeCode code) => code switch
    {
        TypeCode.Boolean => typeof(bool),
        TypeCode.Char => typeof(char),
        TypeCode.SByte => typeof(sbyte),
        TypeCode.Byte => typeof(byte),
        TypeCode.Int16 => typeof(short),
        TypeCode.UInt16 => typeof(ushort),
        TypeCode.Int32 => typeof(int),
        TypeCode.UInt32 => typeof(uint),
        TypeCode.Int64 => typeof(long),
        TypeCode.UInt64 => typeof(ulong),
        TypeCode.Single => typeof(float),
        TypeCode.Double => typeof(double),
        _ => throw new InvalidDataException($"A shared value names elements of {code}, which are not a primitive type."),
    };
}
