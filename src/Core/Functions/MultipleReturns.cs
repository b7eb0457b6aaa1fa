using GpuRay.Objects;

namespace GpuRay.Functions;

/// <summary>
/// Several results of one task, each with a ref of its own (Ray's <c>num_returns</c>): <c>RemoteMany</c> on a remote
/// function whose result is a ValueTuple gives a tuple of typed refs, and on one whose result is an array gives an array
/// of <see cref="Options.TaskOptions.NumReturns"/> refs.
/// </summary>
/// <remarks>
/// <para>
/// Each ref resolves, awaits and passes to other tasks on its own; all fail together when the task fails. A Get on any
/// of them may run the task inline, and a Cancel on any of them cancels the task. <c>Remote</c> on the same function
/// still gives one ref for the whole result.
/// </para>
/// <para>
/// A tuple's count is its type's, so NumReturns may stay 1; a NumReturns above 1 that differs from the tuple's count is
/// refused when the function is made. An array's length is known only once the task returns: a task that returns an
/// array of another length than NumReturns fails, naming both counts.
/// </para>
/// </remarks>
public static class MultipleReturns
{

    /// <summary>Submits one task and returns a ref for each of the 2 items of its result, at once.</summary>
    /// <param name="function">A remote function whose result is a tuple of 2.</param>
    /// <returns>The refs of the items, in order.</returns>
    public static (ObjectRef<TItem1>, ObjectRef<TItem2>) RemoteMany<TItem1, TItem2>(this RemoteFunction<(TItem1, TItem2)> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Split(function.Remote(), function.Runtime);
    }

    /// <summary>Submits one task and returns a ref for each of the 3 items of its result, at once.</summary>
    /// <param name="function">A remote function whose result is a tuple of 3.</param>
    /// <returns>The refs of the items, in order.</returns>
    public static (ObjectRef<TItem1>, ObjectRef<TItem2>, ObjectRef<TItem3>) RemoteMany<TItem1, TItem2, TItem3>(this RemoteFunction<(TItem1, TItem2, TItem3)> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Split(function.Remote(), function.Runtime);
    }

    /// <summary>Submits one task and returns a ref for each of the 4 items of its result, at once.</summary>
    /// <param name="function">A remote function whose result is a tuple of 4.</param>
    /// <returns>The refs of the items, in order.</returns>
    public static (ObjectRef<TItem1>, ObjectRef<TItem2>, ObjectRef<TItem3>, ObjectRef<TItem4>) RemoteMany<TItem1, TItem2, TItem3, TItem4>(this RemoteFunction<(TItem1, TItem2, TItem3, TItem4)> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Split(function.Remote(), function.Runtime);
    }

    /// <summary>Submits one task and returns a ref for each of the NumReturns items of its array result, at once.</summary>
    /// <param name="function">A remote function whose result is an array, with NumReturns set to its length.</param>
    /// <returns>NumReturns refs, in the array's order.</returns>
    /// <exception cref="InvalidOperationException">NumReturns is 1: the number of refs must be known before the task runs.</exception>
    public static ObjectRef<TItem>[] RemoteMany<TItem>(this RemoteFunction<TItem[]> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        int count = CountOf(function);
        return Split(function.Remote(), count, function.Runtime);
    }

    /// <summary>Submits one task and returns a ref for each of the 2 items of its result, at once.</summary>
    /// <param name="function">A remote function whose result is a tuple of 2.</param>
    /// <param name="arg1">Argument 1: a value, or a ref whose value the task receives.</param>
    /// <returns>The refs of the items, in order.</returns>
    public static (ObjectRef<TItem1>, ObjectRef<TItem2>) RemoteMany<T1, TItem1, TItem2>(this RemoteFunction<T1, (TItem1, TItem2)> function, Arg<T1> arg1)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Split(function.Remote(arg1), function.Runtime);
    }

    /// <summary>Submits one task and returns a ref for each of the 3 items of its result, at once.</summary>
    /// <param name="function">A remote function whose result is a tuple of 3.</param>
    /// <param name="arg1">Argument 1: a value, or a ref whose value the task receives.</param>
    /// <returns>The refs of the items, in order.</returns>
    public static (ObjectRef<TItem1>, ObjectRef<TItem2>, ObjectRef<TItem3>) RemoteMany<T1, TItem1, TItem2, TItem3>(this RemoteFunction<T1, (TItem1, TItem2, TItem3)> function, Arg<T1> arg1)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Split(function.Remote(arg1), function.Runtime);
    }

    /// <summary>Submits one task and returns a ref for each of the 4 items of its result, at once.</summary>
    /// <param name="function">A remote function whose result is a tuple of 4.</param>
    /// <param name="arg1">Argument 1: a value, or a ref whose value the task receives.</param>
    /// <returns>The refs of the items, in order.</returns>
    public static (ObjectRef<TItem1>, ObjectRef<TItem2>, ObjectRef<TItem3>, ObjectRef<TItem4>) RemoteMany<T1, TItem1, TItem2, TItem3, TItem4>(this RemoteFunction<T1, (TItem1, TItem2, TItem3, TItem4)> function, Arg<T1> arg1)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Split(function.Remote(arg1), function.Runtime);
    }

    /// <summary>Submits one task and returns a ref for each of the NumReturns items of its array result, at once.</summary>
    /// <param name="function">A remote function whose result is an array, with NumReturns set to its length.</param>
    /// <param name="arg1">Argument 1: a value, or a ref whose value the task receives.</param>
    /// <returns>NumReturns refs, in the array's order.</returns>
    /// <exception cref="InvalidOperationException">NumReturns is 1: the number of refs must be known before the task runs.</exception>
    public static ObjectRef<TItem>[] RemoteMany<T1, TItem>(this RemoteFunction<T1, TItem[]> function, Arg<T1> arg1)
    {
        ArgumentNullException.ThrowIfNull(function);
        int count = CountOf(function);
        return Split(function.Remote(arg1), count, function.Runtime);
    }

    /// <summary>Submits one task and returns a ref for each of the 2 items of its result, at once.</summary>
    /// <param name="function">A remote function whose result is a tuple of 2.</param>
    /// <param name="arg1">Argument 1: a value, or a ref whose value the task receives.</param>
    /// <param name="arg2">Argument 2: a value, or a ref whose value the task receives.</param>
    /// <returns>The refs of the items, in order.</returns>
    public static (ObjectRef<TItem1>, ObjectRef<TItem2>) RemoteMany<T1, T2, TItem1, TItem2>(this RemoteFunction<T1, T2, (TItem1, TItem2)> function, Arg<T1> arg1, Arg<T2> arg2)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Split(function.Remote(arg1, arg2), function.Runtime);
    }

    /// <summary>Submits one task and returns a ref for each of the 3 items of its result, at once.</summary>
    /// <param name="function">A remote function whose result is a tuple of 3.</param>
    /// <param name="arg1">Argument 1: a value, or a ref whose value the task receives.</param>
    /// <param name="arg2">Argument 2: a value, or a ref whose value the task receives.</param>
    /// <returns>The refs of the items, in order.</returns>
    public static (ObjectRef<TItem1>, ObjectRef<TItem2>, ObjectRef<TItem3>) RemoteMany<T1, T2, TItem1, TItem2, TItem3>(this RemoteFunction<T1, T2, (TItem1, TItem2, TItem3)> function, Arg<T1> arg1, Arg<T2> arg2)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Split(function.Remote(arg1, arg2), function.Runtime);
    }

    /// <summary>Submits one task and returns a ref for each of the 4 items of its result, at once.</summary>
    /// <param name="function">A remote function whose result is a tuple of 4.</param>
    /// <param name="arg1">Argument 1: a value, or a ref whose value the task receives.</param>
    /// <param name="arg2">Argument 2: a value, or a ref whose value the task receives.</param>
    /// <returns>The refs of the items, in order.</returns>
    public static (ObjectRef<TItem1>, ObjectRef<TItem2>, ObjectRef<TItem3>, ObjectRef<TItem4>) RemoteMany<T1, T2, TItem1, TItem2, TItem3, TItem4>(this RemoteFunction<T1, T2, (TItem1, TItem2, TItem3, TItem4)> function, Arg<T1> arg1, Arg<T2> arg2)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Split(function.Remote(arg1, arg2), function.Runtime);
    }

    /// <summary>Submits one task and returns a ref for each of the NumReturns items of its array result, at once.</summary>
    /// <param name="function">A remote function whose result is an array, with NumReturns set to its length.</param>
    /// <param name="arg1">Argument 1: a value, or a ref whose value the task receives.</param>
    /// <param name="arg2">Argument 2: a value, or a ref whose value the task receives.</param>
    /// <returns>NumReturns refs, in the array's order.</returns>
    /// <exception cref="InvalidOperationException">NumReturns is 1: the number of refs must be known before the task runs.</exception>
    public static ObjectRef<TItem>[] RemoteMany<T1, T2, TItem>(this RemoteFunction<T1, T2, TItem[]> function, Arg<T1> arg1, Arg<T2> arg2)
    {
        ArgumentNullException.ThrowIfNull(function);
        int count = CountOf(function);
        return Split(function.Remote(arg1, arg2), count, function.Runtime);
    }

    /// <summary>Submits one task and returns a ref for each of the 2 items of its result, at once.</summary>
    /// <param name="function">A remote function whose result is a tuple of 2.</param>
    /// <param name="arg1">Argument 1: a value, or a ref whose value the task receives.</param>
    /// <param name="arg2">Argument 2: a value, or a ref whose value the task receives.</param>
    /// <param name="arg3">Argument 3: a value, or a ref whose value the task receives.</param>
    /// <returns>The refs of the items, in order.</returns>
    public static (ObjectRef<TItem1>, ObjectRef<TItem2>) RemoteMany<T1, T2, T3, TItem1, TItem2>(this RemoteFunction<T1, T2, T3, (TItem1, TItem2)> function, Arg<T1> arg1, Arg<T2> arg2, Arg<T3> arg3)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Split(function.Remote(arg1, arg2, arg3), function.Runtime);
    }

    /// <summary>Submits one task and returns a ref for each of the 3 items of its result, at once.</summary>
    /// <param name="function">A remote function whose result is a tuple of 3.</param>
    /// <param name="arg1">Argument 1: a value, or a ref whose value the task receives.</param>
    /// <param name="arg2">Argument 2: a value, or a ref whose value the task receives.</param>
    /// <param name="arg3">Argument 3: a value, or a ref whose value the task receives.</param>
    /// <returns>The refs of the items, in order.</returns>
    public static (ObjectRef<TItem1>, ObjectRef<TItem2>, ObjectRef<TItem3>) RemoteMany<T1, T2, T3, TItem1, TItem2, TItem3>(this RemoteFunction<T1, T2, T3, (TItem1, TItem2, TItem3)> function, Arg<T1> arg1, Arg<T2> arg2, Arg<T3> arg3)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Split(function.Remote(arg1, arg2, arg3), function.Runtime);
    }

    /// <summary>Submits one task and returns a ref for each of the 4 items of its result, at once.</summary>
    /// <param name="function">A remote function whose result is a tuple of 4.</param>
    /// <param name="arg1">Argument 1: a value, or a ref whose value the task receives.</param>
    /// <param name="arg2">Argument 2: a value, or a ref whose value the task receives.</param>
    /// <param name="arg3">Argument 3: a value, or a ref whose value the task receives.</param>
    /// <returns>The refs of the items, in order.</returns>
    public static (ObjectRef<TItem1>, ObjectRef<TItem2>, ObjectRef<TItem3>, ObjectRef<TItem4>) RemoteMany<T1, T2, T3, TItem1, TItem2, TItem3, TItem4>(this RemoteFunction<T1, T2, T3, (TItem1, TItem2, TItem3, TItem4)> function, Arg<T1> arg1, Arg<T2> arg2, Arg<T3> arg3)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Split(function.Remote(arg1, arg2, arg3), function.Runtime);
    }

    /// <summary>Submits one task and returns a ref for each of the NumReturns items of its array result, at once.</summary>
    /// <param name="function">A remote function whose result is an array, with NumReturns set to its length.</param>
    /// <param name="arg1">Argument 1: a value, or a ref whose value the task receives.</param>
    /// <param name="arg2">Argument 2: a value, or a ref whose value the task receives.</param>
    /// <param name="arg3">Argument 3: a value, or a ref whose value the task receives.</param>
    /// <returns>NumReturns refs, in the array's order.</returns>
    /// <exception cref="InvalidOperationException">NumReturns is 1: the number of refs must be known before the task runs.</exception>
    public static ObjectRef<TItem>[] RemoteMany<T1, T2, T3, TItem>(this RemoteFunction<T1, T2, T3, TItem[]> function, Arg<T1> arg1, Arg<T2> arg2, Arg<T3> arg3)
    {
        ArgumentNullException.ThrowIfNull(function);
        int count = CountOf(function);
        return Split(function.Remote(arg1, arg2, arg3), count, function.Runtime);
    }

    /// <summary>Submits one task and returns a ref for each of the 2 items of its result, at once.</summary>
    /// <param name="function">A remote function whose result is a tuple of 2.</param>
    /// <param name="arg1">Argument 1: a value, or a ref whose value the task receives.</param>
    /// <param name="arg2">Argument 2: a value, or a ref whose value the task receives.</param>
    /// <param name="arg3">Argument 3: a value, or a ref whose value the task receives.</param>
    /// <param name="arg4">Argument 4: a value, or a ref whose value the task receives.</param>
    /// <returns>The refs of the items, in order.</returns>
    public static (ObjectRef<TItem1>, ObjectRef<TItem2>) RemoteMany<T1, T2, T3, T4, TItem1, TItem2>(this RemoteFunction<T1, T2, T3, T4, (TItem1, TItem2)> function, Arg<T1> arg1, Arg<T2> arg2, Arg<T3> arg3, Arg<T4> arg4)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Split(function.Remote(arg1, arg2, arg3, arg4), function.Runtime);
    }

    /// <summary>Submits one task and returns a ref for each of the 3 items of its result, at once.</summary>
    /// <param name="function">A remote function whose result is a tuple of 3.</param>
    /// <param name="arg1">Argument 1: a value, or a ref whose value the task receives.</param>
    /// <param name="arg2">Argument 2: a value, or a ref whose value the task receives.</param>
    /// <param name="arg3">Argument 3: a value, or a ref whose value the task receives.</param>
    /// <param name="arg4">Argument 4: a value, or a ref whose value the task receives.</param>
    /// <returns>The refs of the items, in order.</returns>
    public static (ObjectRef<TItem1>, ObjectRef<TItem2>, ObjectRef<TItem3>) RemoteMany<T1, T2, T3, T4, TItem1, TItem2, TItem3>(this RemoteFunction<T1, T2, T3, T4, (TItem1, TItem2, TItem3)> function, Arg<T1> arg1, Arg<T2> arg2, Arg<T3> arg3, Arg<T4> arg4)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Split(function.Remote(arg1, arg2, arg3, arg4), function.Runtime);
    }

    /// <summary>Submits one task and returns a ref for each of the 4 items of its result, at once.</summary>
    /// <param name="function">A remote function whose result is a tuple of 4.</param>
    /// <param name="arg1">Argument 1: a value, or a ref whose value the task receives.</param>
    /// <param name="arg2">Argument 2: a value, or a ref whose value the task receives.</param>
    /// <param name="arg3">Argument 3: a value, or a ref whose value the task receives.</param>
    /// <param name="arg4">Argument 4: a value, or a ref whose value the task receives.</param>
    /// <returns>The refs of the items, in order.</returns>
    public static (ObjectRef<TItem1>, ObjectRef<TItem2>, ObjectRef<TItem3>, ObjectRef<TItem4>) RemoteMany<T1, T2, T3, T4, TItem1, TItem2, TItem3, TItem4>(this RemoteFunction<T1, T2, T3, T4, (TItem1, TItem2, TItem3, TItem4)> function, Arg<T1> arg1, Arg<T2> arg2, Arg<T3> arg3, Arg<T4> arg4)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Split(function.Remote(arg1, arg2, arg3, arg4), function.Runtime);
    }

    /// <summary>Submits one task and returns a ref for each of the NumReturns items of its array result, at once.</summary>
    /// <param name="function">A remote function whose result is an array, with NumReturns set to its length.</param>
    /// <param name="arg1">Argument 1: a value, or a ref whose value the task receives.</param>
    /// <param name="arg2">Argument 2: a value, or a ref whose value the task receives.</param>
    /// <param name="arg3">Argument 3: a value, or a ref whose value the task receives.</param>
    /// <param name="arg4">Argument 4: a value, or a ref whose value the task receives.</param>
    /// <returns>NumReturns refs, in the array's order.</returns>
    /// <exception cref="InvalidOperationException">NumReturns is 1: the number of refs must be known before the task runs.</exception>
    public static ObjectRef<TItem>[] RemoteMany<T1, T2, T3, T4, TItem>(this RemoteFunction<T1, T2, T3, T4, TItem[]> function, Arg<T1> arg1, Arg<T2> arg2, Arg<T3> arg3, Arg<T4> arg4)
    {
        ArgumentNullException.ThrowIfNull(function);
        int count = CountOf(function);
        return Split(function.Remote(arg1, arg2, arg3, arg4), count, function.Runtime);
    }

    private static int CountOf(RemoteFunction function) => function.Options.NumReturns > 1
        ? function.Options.NumReturns
        : throw new InvalidOperationException(
            $"RemoteMany on remote function '{function.Name}', whose result is an array, needs NumReturns (the array's length): set it with WithOptions(o => o with {{ NumReturns = n }}).");

    private static (ObjectRef<TA>, ObjectRef<TB>) Split<TA, TB>(ObjectRef<(TA, TB)> whole, GpuRayRuntime runtime)
    {
        long id = runtime.NextObjectIds(2);
        var b = new ReturnRef<(TA, TB), TB>(id + 1, whole, static (v, _) => v.Item2, 1, null);
        var a = new ReturnRef<(TA, TB), TA>(id, whole, static (v, _) => v.Item1, 0, b);
        a.Watch(whole);
        return (a, b);
    }

    private static (ObjectRef<TA>, ObjectRef<TB>, ObjectRef<TC>) Split<TA, TB, TC>(ObjectRef<(TA, TB, TC)> whole, GpuRayRuntime runtime)
    {
        long id = runtime.NextObjectIds(3);
        var c = new ReturnRef<(TA, TB, TC), TC>(id + 2, whole, static (v, _) => v.Item3, 2, null);
        var b = new ReturnRef<(TA, TB, TC), TB>(id + 1, whole, static (v, _) => v.Item2, 1, c);
        var a = new ReturnRef<(TA, TB, TC), TA>(id, whole, static (v, _) => v.Item1, 0, b);
        a.Watch(whole);
        return (a, b, c);
    }

    private static (ObjectRef<TA>, ObjectRef<TB>, ObjectRef<TC>, ObjectRef<TD>) Split<TA, TB, TC, TD>(ObjectRef<(TA, TB, TC, TD)> whole, GpuRayRuntime runtime)
    {
        long id = runtime.NextObjectIds(4);
        var d = new ReturnRef<(TA, TB, TC, TD), TD>(id + 3, whole, static (v, _) => v.Item4, 3, null);
        var c = new ReturnRef<(TA, TB, TC, TD), TC>(id + 2, whole, static (v, _) => v.Item3, 2, d);
        var b = new ReturnRef<(TA, TB, TC, TD), TB>(id + 1, whole, static (v, _) => v.Item2, 1, c);
        var a = new ReturnRef<(TA, TB, TC, TD), TA>(id, whole, static (v, _) => v.Item1, 0, b);
        a.Watch(whole);
        return (a, b, c, d);
    }

    private static ObjectRef<T>[] Split<T>(ObjectRef<T[]> whole, int count, GpuRayRuntime runtime)
    {
        long id = runtime.NextObjectIds(count);
        var refs = new ReturnRef<T[], T>[count];
        for (int i = count - 1; i >= 0; i--)
        {
            refs[i] = new ReturnRef<T[], T>(id + i, whole, static (v, index) => v[index], i, i + 1 < count ? refs[i + 1] : null);
        }

        refs[0].Watch(whole);
        return refs;
    }
}
