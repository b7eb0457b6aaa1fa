using System.Runtime.CompilerServices;

namespace GpuRay.Functions;

/// <summary>How many values a function's result holds, checked against <see cref="Options.TaskOptions.NumReturns"/>.</summary>
internal static class ReturnCounts
{
    /// <summary>
    /// Checks a function's declared result against its NumReturns when the function is made; returns true when the
    /// count can only be checked once a task has returned (an array).
    /// </summary>
    /// <exception cref="ArgumentException">The declared result cannot hold that many values; the message names both counts.</exception>
    public static bool CheckDeclared(string function, Type result, int numReturns, bool stream)
    {
        if (numReturns == 1)
        {
            return false;
        }

        if (stream)
        {
            throw new ArgumentException(
                $"Remote function '{function}' is a stream, whose items each get a ref of their own, but NumReturns is {numReturns}. Valid values for a stream are 1.",
                "options");
        }

        if (result.IsArray)
        {
            return true;
        }

        int items = TupleArity(result);
        if (items != numReturns)
        {
            string holds = items > 1 ? $"a tuple of {items} values" : $"{result.Name}, one value";
            throw new ArgumentException(
                $"Remote function '{function}' returns {holds}, but NumReturns is {numReturns}. NumReturns above 1 needs a ValueTuple of that many values, or an array of that length.",
                "options");
        }

        return false;
    }

    /// <summary>Fails a task whose array result is not as long as its NumReturns.</summary>
    /// <exception cref="InvalidOperationException">It is not; the message names both counts.</exception>
    public static void CheckReturned(RemoteFunction function, object? result)
    {
        int expected = function.Options.NumReturns;
        int returned = (result as Array)?.Length ?? 0;
        if (returned != expected)
        {
            throw new InvalidOperationException(
                $"Remote function '{function.Name}' returned {returned} values (an array of {returned}), but NumReturns is {expected}.");
        }
    }

    /// <summary>The number of items of a ValueTuple type (up to 7; a longer tuple's rest counts as one), or 1.</summary>
    public static int TupleArity(Type type) =>
        type.IsValueType && type.IsGenericType && typeof(ITuple).IsAssignableFrom(type) && type.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal)
            ? type.GetGenericArguments().Length
            : 1;
}
