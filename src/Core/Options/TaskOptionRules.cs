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
            (o, v) => o with { GpuMemory = Convert.ToInt64(v, CultureInfo.InvariantCulture) }),
        new("Resources", "resources", "a map from custom resource names (not CPU, GPU or GpuMemory) to finite amounts >= 0",
            o => CheckCustom(o.Resources),
            (o, v) => o with { Resources = (IReadOnlyDictionary<string, double>?)v }),
        new("MaxRetries", "max_retries", "-1 (no limit) or an integer >= 0",
            o => o.MaxRetries < -1 ? "below -1" : null,
            (o, v) => o with { MaxRetries = Convert.ToInt32(v, CultureInfo.InvariantCulture) }),
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
            (o, v) => o with { MaxCalls = Convert.ToInt32(v, CultureInfo.InvariantCulture) }),
        new("NumReturns", "num_returns", "an integer >= 1 (a stream of results is a function made with RemoteStream)",
            o => o.NumReturns < 1 ? "below 1" : null,
            (o, v) => o with { NumReturns = Convert.ToInt32(v, CultureInfo.InvariantCulture) }),
        new("StreamBackpressure", "_generator_backpressure_num_objects", "0 (no bound) or an integer >= 1, for a function made with RemoteStream",
            o => o.StreamBackpressure < 0 ? "negative" : null,
            (o, v) => o with { StreamBackpressure = Convert.ToInt32(v, CultureInfo.InvariantCulture) }),
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

    private static string? CheckAmount(double amount)
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

    private static string? CheckCustom(IReadOnlyDictionary<string, double>? resources)
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

    private static double ToDouble(object? value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);

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
