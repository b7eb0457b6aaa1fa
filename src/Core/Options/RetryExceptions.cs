namespace GpuRay.Options;

/// <summary>
/// Which exceptions thrown by a task's own code are retried (up to <see cref="TaskOptions.MaxRetries"/>).
/// System failures (a device that could not be bound, a node fault) are always retried.
/// </summary>
public sealed class RetryExceptions : IEquatable<RetryExceptions>
{
    private readonly Type[] _types;

    private RetryExceptions(bool all, Type[] types)
    {
        All = all;
        _types = types;
    }

    /// <summary>No exception from the task's code is retried (the default).</summary>
    public static RetryExceptions None { get; } = new(false, []);

    /// <summary>Every exception from the task's code is retried.</summary>
    public static RetryExceptions Any { get; } = new(true, []);

    /// <summary>True when every exception is retried.</summary>
    public bool All { get; }

    /// <summary>The exception types (and their subclasses) that are retried, when not <see cref="All"/>.</summary>
    public IReadOnlyList<Type> Types => _types;

    /// <summary>Retries exceptions of the given types and their subclasses.</summary>
    /// <exception cref="ArgumentException">A type is not an exception type.</exception>
    public static RetryExceptions Of(params Type[] exceptionTypes)
    {
        ArgumentNullException.ThrowIfNull(exceptionTypes);
        foreach (Type type in exceptionTypes)
        {
            ArgumentNullException.ThrowIfNull(type, nameof(exceptionTypes));
            if (!typeof(Exception).IsAssignableFrom(type))
            {
                throw new ArgumentException(
                    $"Invalid value for option RetryExceptions: '{type.FullName}' is not an exception type. Valid values are true, false, or types deriving from System.Exception.",
                    nameof(exceptionTypes));
            }
        }

        return exceptionTypes.Length == 0 ? None : new RetryExceptions(false, (Type[])exceptionTypes.Clone());
    }

    /// <summary><c>true</c> retries every exception, <c>false</c> none.</summary>
    public static implicit operator RetryExceptions(bool retryAll) => retryAll ? Any : None;

    /// <summary>Same as the implicit conversion from <see cref="bool"/>.</summary>
    public static RetryExceptions FromBoolean(bool retryAll) => retryAll;

    /// <summary>Whether an exception thrown by the task's code should be retried.</summary>
    public bool ShouldRetry(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (All)
        {
            return true;
        }

        Type actual = exception.GetType();
        foreach (Type type in _types)
        {
            if (type.IsAssignableFrom(actual))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public bool Equals(RetryExceptions? other) =>
        other is not null && All == other.All && _types.AsSpan().SequenceEqual(other._types);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as RetryExceptions);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(All, _types.Length);

    /// <inheritdoc/>
    public override string ToString() =>
        All ? "true" : _types.Length == 0 ? "false" : "[" + string.Join(", ", _types.Select(t => t.Name)) + "]";
}
