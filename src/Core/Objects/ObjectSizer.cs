using System.Collections;
using System.Runtime.CompilerServices;

namespace GpuRay.Objects;

/// <summary>An object's size: exact for arrays of unmanaged values, strings and <see cref="IObjectSize"/>; estimated otherwise.</summary>
internal static class ObjectSizer
{
    private const long ObjectHeader = 24;
    private const long ReferenceSize = 8;

    public static long SizeOf<T>(T value)
    {
        if (value is null)
        {
            return 0;
        }

        if (typeof(T).IsValueType && !RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            return Unsafe.SizeOf<T>();
        }

        return SizeOfObject(value);
    }

    private static long SizeOfObject(object value) => value switch
    {
        IObjectSize sized => sized.SizeInBytes,
        string s => ObjectHeader + (2L * s.Length),
        byte[] bytes => bytes.LongLength,
        Array array => ArrayBytes(array),
        ICollection collection => ObjectHeader + (collection.Count * ReferenceSize * 2),
        _ => ObjectHeader + ReferenceSize,
    };

    private static long ArrayBytes(Array array)
    {
        Type element = array.GetType().GetElementType()!;
        if (element.IsPrimitive)
        {
            return Buffer.ByteLength(array);
        }

        if (element.IsValueType)
        {
            // A struct array: the element size as the runtime lays it out.
            return array.LongLength * (long)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(element).Invoke(null, null)!;
        }

        long total = ObjectHeader + (array.LongLength * ReferenceSize);
        foreach (object? item in array)
        {
            if (item is not null && total < long.MaxValue / 2)
            {
                total += SizeOfObject(item);
            }
        }

        return total;
    }
}
