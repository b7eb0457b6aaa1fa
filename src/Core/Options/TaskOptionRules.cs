using System.Globalization;

using GpuRay.Resources;

namespace GpuRay.Options;

/// <summary>The one table of task options: keyword, Ray alias, what is valid, the check, and how to set it.</summary>
internal static class TaskOptionRules
{
    private sealed record Rule(
        string Keyword,
        string RayKeyword,
        string Valid,
        Func<TaskOptions, string?> Check,
        Func<TaskOptions, object?, TaskOptions> Set);

    private static readonly Rule[] Rules =
    [
        new("NumCpus", "num_cpus", "a finite number >= 0 in steps of 0.0001",
            o => CheckAmount(o.NumCpus),
            (o, v) => o with { NumCpus = ToDouble(v) }),
        new("NumGpus", "num_gpus", "a finite number >= 0 in steps of 0.0001, and a whole number when above 1",
            o => CheckAmount(o.NumGpus) ?? (o.NumGpus > 1 && Math.Abs(o.NumGpus - Math.Round(o.NumGpus)) > 0 ? "fractions above 1 GPU cannot be placed" : null),
            (o, v) => o with { NumGpus = ToDouble(v) }),
        new("GpuMemory", "gpu_memory", "a number of bytes >= 0",
            o => o.GpuMemory < 0 ? "negative" : null,
            (o, v) => o with { GpuMemory = ToWhole(v) }),
        new("Resources", "resources", "a map from custom resource names (not CPU, GPU or GpuMemory) to finite amounts >= 0",
            o => CheckCustom(o.Resources),
            (o, v) => o with { Resources = (IReadOnlyDictionary<string, double>?)v }),
        new("MaxRetries", "max_retries", "-1 (no limit) or an integer >= 0",
            o => o.MaxRetries < -1 ? "below -1" : null,
            (o, v) => o with { MaxRetries = ToInt32(v) }),
        new("RetryExceptions", "retry_exceptions", "true, false, or a list of exception types",
            o => o.RetryExceptions is null ? "null" : null,
            (o, v) => o with { RetryExceptions = ToRetry(v) }),
        new("Name", "name", "null or a non-blank string",
            o => o.Name is not null && string.IsNullOrWhiteSpace(o.Name) ? "blank" : null,
            (o, v) => o with { Name = (string?)v }),
        new("SchedulingStrategy", "scheduling_strategy", "Default or Spread",
            o => Enum.IsDefined(o.SchedulingStrategy) ? null : "not a strategy",
            (o, v) => o with { SchedulingStrategy = v is string s ? Enum.Parse<SchedulingStrategy>(s, ignoreCase: true) : (SchedulingStrategy)v! }),
        new("Isolation", "isolation", "None or Process; Process only for a task with NumCpus above 0 and no GPU or GPU memory",
            o => !Enum.IsDefined(o.Isolation) ? "not an isolation"
                : o.Isolation != TaskIsolation.Process ? null
                : o.NumGpus > 0 || o.GpuMemory > 0 ? "GPU tasks run in this process, where the devices' owners are"
                : o.NumCpus <= 0 ? "a worker process runs on a CPU of its own, so the task must hold one"
                : null,
            (o, v) => o with { Isolation = v is string s ? Enum.Parse<TaskIsolation>(s, ignoreCase: true) : (TaskIsolation)v! }),
        new("MaxCalls", "max_calls", "0 (no limit) or an integer >= 1, with Isolation = Process",
            o => o.MaxCalls < 0 ? "negative"
                : o.MaxCalls > 0 && o.Isolation != TaskIsolation.Process ? "only worker processes are recycled; set Isolation = Process"
                : null,
            (o, v) => o with { MaxCalls = ToInt32(v) }),
        new("NumReturns", "num_returns", "an integer >= 1 (a stream of results is a function made with RemoteStream)",
            o => o.NumReturns < 1 ? "below 1" : null,
            (o, v) => o with { NumReturns = ToInt32(v) }),
        new("StreamBackpressure", "_generator_backpressure_num_objects", "0 (no bound) or an integer >= 1, for a function made with RemoteStream",
            o => o.StreamBackpressure < 0 ? "negative" : null,
            (o, v) => o with { StreamBackpressure = ToInt32(v) }),
    ];

    public static IEnumerable<string> Keywords => Rules.Select(r => r.Keyword);

    public static void Validate(TaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (Rule rule in Rules)
        {
            string? problem = rule.Check(options);
            if (problem is not null)
            {
                object? value = Read(options, rule.Keyword);
                throw new ArgumentException(
                    $"Invalid value for option {rule.Keyword}: {Quote(value)} ({problem}). Valid values are {rule.Valid}.",
                    nameof(options));
            }
        }
    }

    public static TaskOptions Apply(TaskOptions options, string keyword, object? value)
    {
        Rule? rule = Array.Find(Rules, r =>
            string.Equals(r.Keyword, keyword, StringComparison.OrdinalIgnoreCase)
            || string.Equals(r.RayKeyword, keyword, StringComparison.OrdinalIgnoreCase));
        if (rule is null)
        {
            throw new ArgumentException(
                $"Invalid option keyword '{keyword}'. Valid ones are [{string.Join(", ", Rules.Select(r => r.Keyword))}] (or Ray's spelling: [{string.Join(", ", Rules.Select(r => r.RayKeyword))}]).",
                nameof(keyword));
        }

        try
        {
            return rule.Set(options, value);
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException or ArgumentException)
        {
            throw new ArgumentException(
                $"Invalid value for option {rule.Keyword}: {Quote(value)} ({ex.Message}). Valid values are {rule.Valid}.",
                nameof(value),
                ex);
        }
    }

    internal static string? CheckAmount(double amount)
    {
        if (double.IsNaN(amount) || double.IsInfinity(amount))
        {
            return "not a finite number";
        }

        if (amount < 0)
        {
            return "negative";
        }

        return amount > 0 && FixedPoint.FromDouble(amount) == 0 ? "below the 0.0001 step" : null;
    }

    internal static string? CheckCustom(IReadOnlyDictionary<string, double>? resources)
    {
        if (resources is null)
        {
            return null;
        }

        foreach ((string name, double amount) in resources)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                return "a blank resource name";
            }

            if (ResourceNames.IsReserved(name))
            {
                return $"'{name}' is not a custom resource; use NumCpus, NumGpus or GpuMemory";
            }

            string? problem = CheckAmount(amount);
            if (problem is not null)
            {
                return $"'{name}' = {amount.ToString(CultureInfo.InvariantCulture)} is {problem}";
            }
        }

        return null;
    }

    /// <summary>
    /// A node's own amounts (<see cref="Runtime.RuntimeOptions"/>) follow the rules of a task's: an amount the ledger
    /// would hold as zero is refused in both, instead of making a node of 0 CPUs.
    /// </summary>
    /// <exception cref="ArgumentException">An amount or a custom resource is invalid; the message names the option and the value.</exception>
    public static void ValidateNode(double cpus, IReadOnlyDictionary<string, double> custom)
    {
        if (CheckAmount(cpus) is { } problem)
        {
            throw new ArgumentOutOfRangeException(
                nameof(Runtime.RuntimeOptions.NumCpus),
                cpus,
                $"Invalid value for option RuntimeOptions.NumCpus: {Quote(cpus)} ({problem}). Valid values are {Rules[0].Valid}.");
        }

        if (CheckCustom(custom) is { } customProblem)
        {
            throw new ArgumentException(
                $"Invalid value for option RuntimeOptions.Resources: {Quote(Read(new TaskOptions { Resources = custom }, "Resources"))} ({customProblem}). Valid values are {Rules[3].Valid}.",
                nameof(Runtime.RuntimeOptions.Resources));
        }
    }

    /// <summary>A number: any numeric type, or a string in invariant notation; not a bool, null or anything else.</summary>
    internal static double ToDouble(object? value) => value switch
    {
        double d => d,
        float or decimal or sbyte or byte or short or ushort or int or uint or long or ulong => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
        string => throw new FormatException("not a number"),
        null => throw new InvalidCastException("a number is needed, not null"),
        _ => throw new InvalidCastException($"a number is needed, not a {value.GetType().Name}"),
    };

    /// <summary>A whole number, from any numeric type or string; a fractional value is refused, never rounded.</summary>
    internal static long ToWhole(object? value)
    {
        if (value is long or int or short or sbyte or byte or ushort or uint or ulong)
        {
            return Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }

        double number = value is string s && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long whole) ? whole : ToDouble(value);
        if (double.IsNaN(number) || double.IsInfinity(number) || Math.Floor(number) != number)
        {
            throw new FormatException("a whole number is needed; fractions are not rounded");
        }

        if (number is < long.MinValue or >= long.MaxValue)
        {
            throw new OverflowException("out of range");
        }

        return (long)number;
    }

    private static int ToInt32(object? value)
    {
        long whole = ToWhole(value);
        return whole is < int.MinValue or > int.MaxValue ? throw new OverflowException("out of the range of an int") : (int)whole;
    }

    private static RetryExceptions ToRetry(object? value) => value switch
    {
        bool b => b,
        Type t => RetryExceptions.Of(t),
        IEnumerable<Type> types => RetryExceptions.Of([.. types]),
        RetryExceptions r => r,
        _ => throw new InvalidCastException($"cannot use {value?.GetType().Name ?? "null"}"),
    };

    private static object? Read(TaskOptions o, string keyword) => keyword switch
    {
        "NumCpus" => o.NumCpus,
        "NumGpus" => o.NumGpus,
        "GpuMemory" => o.GpuMemory,
        "Resources" => o.Resources is null ? null : "{" + string.Join(", ", o.Resources.Select(kv => $"\"{kv.Key}\": {kv.Value.ToString(CultureInfo.InvariantCulture)}")) + "}",
        "MaxRetries" => o.MaxRetries,
        "RetryExceptions" => o.RetryExceptions,
        "Name" => o.Name,
        "SchedulingStrategy" => o.SchedulingStrategy,
        "Isolation" => o.Isolation,
        "MaxCalls" => o.MaxCalls,
        "NumReturns" => o.NumReturns,
        "StreamBackpressure" => o.StreamBackpressure,
        _ => null,
    };

    private static string Quote(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        double d => d.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
