using GpuRay.Objects;

namespace GpuRay.Functions;

/// <summary>
/// A remote function's argument: a value, or a ref whose value the task receives once it is ready. Converts
/// implicitly from both, so that one <c>Remote</c> overload takes any mix of values and refs.
/// </summary>
/// <typeparam name="T">The parameter's type.</typeparam>
/// <remarks>Only a top-level ref is resolved; refs inside collections stay refs, as in Ray.</remarks>
public readonly struct Arg<T>
{
    private readonly T _value;

    /// <summary>An argument that is a value.</summary>
    public Arg(T value)
    {
        _value = value;
        Ref = null;
    }

    /// <summary>An argument that is the value of a ref: a dependency of the task.</summary>
    public Arg(ObjectRef<T> reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        _value = default!;
        Ref = reference;
    }

    /// <summary>The ref, when the argument is one.</summary>
    public ObjectRef<T>? Ref { get; }

    /// <summary>Wraps a value.</summary>
    public static implicit operator Arg<T>(T value) => new(value);

    /// <summary>Wraps a ref.</summary>
    public static implicit operator Arg<T>(ObjectRef<T> reference) => new(reference);

    /// <summary>Same as the implicit conversion from a value.</summary>
    public static Arg<T> FromValue(T value) => new(value);

    /// <summary>Same as the implicit conversion from a ref.</summary>
    public static Arg<T> FromRef(ObjectRef<T> reference) => new(reference);

    internal T Resolve() => Ref is null ? _value : Ref.GetCompletedValue();
}
