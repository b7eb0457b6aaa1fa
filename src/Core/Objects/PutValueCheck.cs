using System.Globalization;

namespace GpuRay.Objects;

/// <summary>
/// Refuses the values Put cannot store usefully: a ref, and a collection of refs. Both are type tests, so a Put of
/// anything else pays nothing more; refs hidden deeper (in a record, a dictionary's values) are not looked for.
/// </summary>
internal static class PutValueCheck
{
    /// <exception cref="ArgumentException">The value is a ref or a collection of refs; the message names what it is.</exception>
    public static void ThrowIfRefs<T>(T value)
    {
        // For a value type T the JIT drops both tests.
        if (value is ObjectRef reference)
        {
            throw new ArgumentException(
                $"Put got a ref, {Describe(value.GetType())} {reference.Describe()}, but a ref is already stored: pass the ref itself "
                + "to tasks, or Get its value first and Put that.",
                nameof(value));
        }

        if (value is IEnumerable<ObjectRef> refs)
        {
            int count = refs.TryGetNonEnumeratedCount(out int n) ? n : -1;
            string many = count < 0 ? "refs" : string.Create(CultureInfo.InvariantCulture, $"{count} ref(s)");
            throw new ArgumentException(
                $"Put got a collection of refs, {Describe(value.GetType())} with {many}: a task that receives it would not wait for "
                + "those refs, and it cannot travel to a worker process. Pass the refs to tasks as arguments of their own, or Get "
                + "their values first and Put those.",
                nameof(value));
        }
    }

    /// <summary>A type as C# writes it: <c>List&lt;ObjectRef&lt;Int32&gt;&gt;</c>, <c>ObjectRef&lt;String&gt;[]</c>.</summary>
    internal static string Describe(Type type)
    {
        if (type.IsArray)
        {
            return Describe(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        string name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>";
    }
}
