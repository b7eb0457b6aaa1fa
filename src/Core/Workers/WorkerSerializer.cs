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
    public static string? FindProblem(Type type) => Find(type, new HashSet<Type>());

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
                return Find(info.ElementType!, seen);
            case JsonTypeInfoKind.Dictionary:
                return Find(info.KeyType!, seen) ?? Find(info.ElementType!, seen);
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
