using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;

using GpuRay.Objects;

namespace GpuRay.Workers;

/// <summary>
/// A remote function's method as a worker process finds it: by assembly and metadata token, with its parameter and
/// return types. Made (and checked) when a function is given <see cref="Options.TaskIsolation.Process"/>.
/// </summary>
internal sealed class WorkerTarget
{
    private WorkerTarget(string function, MethodInfo method)
    {
        Function = function;
        Method = method;
        Assembly assembly = method.Module.Assembly;
        AssemblyName = assembly.FullName!;
        AssemblyPath = string.IsNullOrEmpty(assembly.Location) ? null : assembly.Location;
        ParameterTypes = [.. method.GetParameters().Select(p => p.ParameterType)];
        ItemType = Functions.StreamBody.ItemTypeOf(method.ReturnType);
    }

    public string Function { get; }

    public MethodInfo Method { get; }

    public string AssemblyName { get; }

    public string? AssemblyPath { get; }

    public Type[] ParameterTypes { get; }

    public Type ReturnType => Method.ReturnType;

    /// <summary>For a stream's producer (it returns <c>IEnumerable&lt;T&gt;</c> or <c>IAsyncEnumerable&lt;T&gt;</c>), the items' type; else null.</summary>
    public Type? ItemType { get; }

    /// <summary>What the Result frame carries: the result, or a stream's number of items.</summary>
    public Type ResultType => ItemType is null ? ReturnType : typeof(long);

    /// <summary>Checks that <paramref name="body"/> can run in a worker and describes it.</summary>
    /// <exception cref="ArgumentException">It cannot: the message names the function and what stops it.</exception>
    public static WorkerTarget For(Delegate body, string function)
    {
        MethodInfo method = body.Method;
        string? problem = FindMethodProblem(body, method);
        if (problem is null)
        {
            foreach (ParameterInfo parameter in method.GetParameters())
            {
                problem ??= WorkerSerializer.FindProblem(parameter.ParameterType) is { } p ? $"parameter '{parameter.Name}': {p}" : null;
            }

            Type? item = Functions.StreamBody.ItemTypeOf(method.ReturnType);
            problem ??= WorkerSerializer.FindProblem(item ?? method.ReturnType) is { } r ? $"its {(item is null ? "result" : "items")}: {r}" : null;
        }

        if (problem is not null)
        {
            throw new ArgumentException(
                $"Remote function '{function}' cannot run with Isolation = Process: {problem}. Valid functions are static methods or lambdas that capture nothing, with concrete arguments and a result that JSON can write and read back.",
                nameof(body));
        }

        return new WorkerTarget(function, method);
    }

    /// <summary>
    /// Writes the arguments that are values; those that came from refs are checked here and written once the worker is
    /// known (<see cref="AddRefArguments"/>), since it may keep them from an earlier call. Large values go to files in
    /// shared memory when <paramref name="regions"/> is given and can make them, as does the path for a large result.
    /// </summary>
    public WorkerRequest CreateRequest(ReadOnlySpan<object?> arguments, ReadOnlySpan<ObjectRef?> refs = default, CallRegions? regions = null)
    {
        var json = new JsonElement[arguments.Length];
        SharedValue?[]? shared = null;
        for (int i = 0; i < arguments.Length; i++)
        {
            WorkerSerializer.CheckDeclaredType(arguments[i], ParameterTypes[i], $"argument {i + 1} of remote function '{Function}'");
            if (i < refs.Length && refs[i] is not null)
            {
                json[i] = SharedValues.Placeholder;
                continue;
            }

            (json[i], SharedValue? file, _) = Encode(arguments[i], ParameterTypes[i], regions);
            if (file is not null)
            {
                (shared ??= new SharedValue?[arguments.Length])[i] = file;
            }
        }

        return new WorkerRequest(
            Function, AssemblyName, AssemblyPath, Method.Module.ModuleVersionId, Method.MetadataToken, json, Shared: shared, ResultPath: regions?.ResultPath(ReturnType));
    }

    /// <summary>
    /// Fills in the arguments that came from refs, for <paramref name="worker"/>: one it keeps from an earlier call (or
    /// from an earlier position of this call) is named by key only; a large one it does not have is sent with its key,
    /// for it to keep. What it keeps and lets go of is planned here and booked only once the request is sent.
    /// </summary>
    public (WorkerRequest Request, KeepPlan? Keeps) AddRefArguments(
        WorkerRequest request, ReadOnlySpan<object?> arguments, ReadOnlySpan<ObjectRef?> refs, WorkerProcess worker, CallRegions? regions = null)
    {
        long[]? keys = null;
        HashSet<long>? used = null;
        List<(long Key, long Bytes)>? toKeep = null;
        Dictionary<long, (JsonElement Json, SharedValue? Shared)>? written = null;
        SharedValue?[]? shared = request.Shared;
        for (int i = 0; i < refs.Length; i++)
        {
            if (refs[i] is not { } reference)
            {
                continue;
            }

            keys ??= new long[refs.Length];
            used ??= [];
            long key = KeptArguments.KeyOf(reference);
            if (worker.Keeps(key) || toKeep?.Exists(k => k.Key == key) == true)
            {
                keys[i] = -key;
                used.Add(key);
                continue;
            }

            if (written?.TryGetValue(key, out var again) == true)
            {
                // The same small (or too large) ref twice in one call: written once, sent twice.
                (request.Arguments[i], _) = again;
                if (again.Shared is not null)
                {
                    (shared ??= new SharedValue?[arguments.Length])[i] = again.Shared;
                }

                continue;
            }

            (request.Arguments[i], SharedValue? file, long bytes) = Encode(arguments[i], ParameterTypes[i], regions);
            if (file is not null)
            {
                (shared ??= new SharedValue?[arguments.Length])[i] = file;
            }

            if (bytes >= WorkerProcess.KeptArgumentMinBytes && bytes <= WorkerProcess.KeptArgumentLimitBytes)
            {
                keys[i] = key;
                used.Add(key);
                (toKeep ??= []).Add((key, bytes));
            }
            else
            {
                (written ??= [])[key] = (request.Arguments[i], file);
            }
        }

        if (keys is null)
        {
            return (request, null);
        }

        KeepPlan? plan = toKeep is null && used!.Count == 0 ? null : worker.PlanKeeps(used!, toKeep ?? []);
        return (request with { RefIds = keys, Evict = plan?.Evict, Shared = shared }, plan);
    }

    /// <summary>In a worker: finds the method a request names (the worker runs the same build as the driver).</summary>
    public static WorkerTarget Resolve(WorkerRequest request)
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(new AssemblyName(request.Assembly));
        }
        catch (Exception ex) when (request.AssemblyPath is not null && ex is FileNotFoundException or FileLoadException)
        {
            assembly = Assembly.LoadFrom(request.AssemblyPath);
        }

        if (assembly.ManifestModule.ModuleVersionId != request.ModuleVersionId)
        {
            throw new InvalidOperationException(
                $"This worker loaded another build of '{request.Assembly}' than the driver runs (it was rebuilt or redeployed since the driver started), so it cannot find remote function '{request.Function}' in it. Restart the application.");
        }

        MethodInfo method = assembly.ManifestModule.ResolveMethod(request.MetadataToken) as MethodInfo
            ?? throw new InvalidOperationException($"Token {request.MetadataToken} in '{request.Assembly}' is not a method.");
        return new WorkerTarget(request.Function, method);
    }

    /// <summary>In a worker: the instance to call an instance method on (a capture-less lambda's closure), or null.</summary>
    public object? CreateInstance() => Method.IsStatic ? null : Activator.CreateInstance(Method.DeclaringType!, nonPublic: true);

    /// <summary>
    /// One argument as it travels: a large primitive array as its bytes in a file, other large values as their JSON in
    /// a file, the rest (or all, where no file can be made) as JSON in the request; with its size in bytes.
    /// </summary>
    private static (JsonElement Json, SharedValue? Shared, long Bytes) Encode(object? value, Type type, CallRegions? regions)
    {
        bool binary = SharedValues.IsBinary(type);
        if (regions is not null && binary && value is Array array && SharedValues.ByteLength(array) is >= 0 and long bytes
            && regions.TryShare(SharedValues.BytesOf(array), Type.GetTypeCode(type.GetElementType())) is { } file)
        {
            return (SharedValues.Placeholder, file, bytes);
        }

        // A primitive array too small for a file of its bytes stays in the request, even if its JSON is larger.
        byte[] utf8 = JsonSerializer.SerializeToUtf8Bytes(value, type, WorkerSerializer.Options);
        if (!binary && regions?.TryShare(utf8, element: null) is { } text)
        {
            return (SharedValues.Placeholder, text, utf8.Length);
        }

        var reader = new Utf8JsonReader(utf8);
        return (JsonElement.ParseValue(ref reader), null, utf8.Length);
    }

    private static string? FindMethodProblem(Delegate body, MethodInfo method)
    {
        if (body.HasSingleTarget is false)
        {
            return "it is a multicast delegate";
        }

        if (method.IsStatic && body.Target is not null)
        {
            return "it is a static method bound to its first argument (an extension method group), which a worker cannot rebuild";
        }

        if (method.IsGenericMethod || method.DeclaringType is { ContainsGenericParameters: true } || method.DeclaringType?.IsGenericType == true)
        {
            return "its method is generic";
        }

        if (method.Module.Assembly.IsDynamic)
        {
            return "its method was emitted at run time";
        }

        if (!method.IsStatic)
        {
            Type? owner = method.DeclaringType;
            bool closure = owner is not null && owner.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);
            bool captures = owner is null || owner.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Length > 0;
            if (!closure || captures || owner!.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes) is null)
            {
                return "it is an instance method or a lambda that captures variables, and a worker cannot rebuild its target";
            }
        }

        return method.GetParameters().FirstOrDefault(p => p.ParameterType.IsByRef) is { } byRef
            ? $"parameter '{byRef.Name}' is passed by reference"
            : null;
    }
}
