using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace GpuRay.Workers;

/// <summary>
/// How arguments and results travel between this process and a worker: System.Text.Json with fields included,
/// NaN and infinities allowed, and <see cref="BigInteger"/> as a decimal string. Both ends use these options.
/// </summary>
/// <remarks>
/// JSON writes any public property but reads back only what it can set, so a type that serialises is not
/// necessarily one that survives the trip (BigInteger would come back as zero without its converter).
/// <see cref="FindProblem"/> rejects such types when a remote function is made, not after a task ran.
/// </remarks>
internal static class WorkerSerializer
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Why values of <paramref name="type"/> cannot make the trip to a worker and back, or null when they can.</summary>
    /// <remarks>
    /// What no type check can see still fails the one task at run time, with an error naming the value: a cycle in
    /// the object graph, nesting deeper than 256, or a value whose runtime type is not its declared type.
    /// </remarks>
    public static string? FindProblem(Type type) => Find(type, new HashSet<Type>());

    /// <summary>Throws when <paramref name="value"/> is of a subtype of its declared type: only the declared type's members would travel.</summary>
    /// <exception cref="ArgumentException">It is; the message names <paramref name="what"/> and both types.</exception>
    public static void CheckDeclaredType(object? value, Type declared, string what)
    {
        Type? actual = value?.GetType();
        if (actual is not null && actual != declared && actual != Nullable.GetUnderlyingType(declared))
        {
            throw new ArgumentException(
                $"{char.ToUpperInvariant(what[0])}{what[1..]} is a '{actual.FullName}', but its declared type is '{declared.FullName}': only the declared type's members would make the trip to the worker. Declare the concrete type.");
        }
    }

    private static string? Find(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type))
        {
            return null;
        }

        if (type == typeof(object) || type.IsInterface || type.IsAbstract || type.IsPointer || type.IsByRef || typeof(Delegate).IsAssignableFrom(type))
        {
            return $"{Describe(type)} is not a concrete data type; declare the concrete type of the values";
        }

        if (type == typeof(nint) || type == typeof(nuint))
        {
            return $"{Describe(type)} is a native pointer-sized value, which means nothing in another process";
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is { } definition
            && (definition == typeof(Stack<>) || definition == typeof(System.Collections.Concurrent.ConcurrentStack<>)))
        {
            return $"{Describe(type)} would come back in reverse order; pass an array or a list";
        }

        JsonTypeInfo info;
        try
        {
            info = Options.GetTypeInfo(type);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return $"{Describe(type)} cannot be serialised ({ex.Message})";
        }

        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable:
                return CannotRead(type, "[]") ?? Find(info.ElementType!, seen);
            case JsonTypeInfoKind.Dictionary:
                return !IsKeyType(info.KeyType!)
                    ? $"{Describe(type)} has keys of {Describe(info.KeyType!)}; JSON object keys are strings, numbers, enums, GUIDs or dates"
                    : CannotRead(type, "{}") ?? Find(info.ElementType!, seen);
            case JsonTypeInfoKind.Object when info.Properties.Count == 0 && HasInstanceFields(type):
                return $"{Describe(type)} keeps its state in non-public fields, which JSON does not carry";
            case JsonTypeInfoKind.Object:
                foreach (JsonPropertyInfo property in info.Properties)
                {
                    if (property.Get is not null && property.Set is null && property.AssociatedParameter is null)
                    {
                        return $"{Describe(type)} has '{property.Name}', which is written but cannot be read back (no setter or constructor parameter)";
                    }

                    if (Find(property.PropertyType, seen) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string Describe(Type type) => $"type '{type.FullName ?? type.Name}'";

    private static bool IsKeyType(Type key)
    {
        Type type = Nullable.GetUnderlyingType(key) ?? key;
        return type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(Guid)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly)
            || type == typeof(TimeSpan) || type == typeof(Uri) || type == typeof(Version);
    }

    private static bool HasInstanceFields(Type type) =>
        type.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic).Length > 0;

    /// <summary>Reads an empty collection back: some collection types JSON writes but cannot create (a read-only wrapper).</summary>
    private static string? CannotRead(Type type, string empty)
    {
        try
        {
            _ = JsonSerializer.Deserialize(empty, type, Options);
            return null;
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            return $"{Describe(type)} cannot be read back from JSON ({ex.Message})";
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            IncludeFields = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            MaxDepth = 256,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new BigIntegerConverter());
        options.MakeReadOnly();
        return options;
    }

    private sealed class BigIntegerConverter : JsonConverter<BigInteger>
    {
        public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            BigInteger.Parse(reader.GetString() ?? throw new JsonException("A BigInteger is a decimal string."), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }
}
