using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using GpuRay.Cli.Bench;

namespace GpuRay.Cli.Output;

/// <summary>Writes a bench report as JSON (schema <see cref="Schema"/>): the figures of the tables, as numbers.</summary>
/// <remarks>
/// Shape: <c>{ schema, tool, version, startedAt, totalSeconds, succeeded, machine{...}, device{...}|null,
/// options{...}, workloads[ { name, title, unit, succeeded, rows[ { label, variant, device, items, work, coresUsed,
/// rounds (the times are medians over them), serialSeconds, parallelSeconds, speedup, efficiency, taskSlowdown, serialThroughput, parallelThroughput, result, details{} } ],
/// notes[], errors[] } ] }</c>. Times are seconds; throughput is in the workload's unit; absent values are null.
/// </remarks>
internal static class ReportJson
{
    public const string Schema = "gpuray-bench/1";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keeps "π ≈ 3.14159 ± 0.0005" readable; the file is data, not HTML
    };

    public static void Write(string path, BenchReport report)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        using FileStream stream = File.Create(path);
        JsonSerializer.Serialize(stream, ToDocument(report), Options);
    }

    public static Dictionary<string, object?> ToDocument(BenchReport report)
    {
        BenchPlan plan = report.Plan;
        return new Dictionary<string, object?>
        {
            ["schema"] = Schema,
            ["tool"] = "gpuray",
            ["version"] = typeof(ReportJson).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
            ["startedAt"] = report.StartedAt,
            ["totalSeconds"] = report.TotalSeconds,
            ["succeeded"] = report.Succeeded,
            ["machine"] = new Dictionary<string, object?>
            {
                ["cores"] = report.Cores,
                ["os"] = RuntimeInformation.OSDescription,
                ["framework"] = RuntimeInformation.FrameworkDescription,
                ["architecture"] = RuntimeInformation.ProcessArchitecture.ToString(),
            },
            ["device"] = report.Device is DeviceSummary d
                ? new Dictionary<string, object?>
                {
                    ["index"] = d.Index,
                    ["name"] = d.Name,
                    ["kind"] = d.Kind,
                    ["memoryBytes"] = d.MemoryBytes,
                    ["isFallback"] = d.IsFallback,
                }
                : null,
            ["options"] = new Dictionary<string, object?>
            {
                ["workloads"] = plan.Workloads,
                ["mode"] = plan.Mode,
                ["quick"] = plan.Quick,
                ["tasks"] = plan.Tasks,
                ["rounds"] = plan.Rounds,
                ["fibSize"] = plan.FibSize,
                ["samplesPerTask"] = plan.PiSamples,
                ["images"] = plan.ImageCount,
                ["batches"] = plan.Batches,
                ["imageSize"] = $"{plan.ImageWidth}x{plan.ImageHeight}",
                ["shards"] = plan.Shards,
                ["rowsPerShard"] = plan.RowsPerShard,
                ["gpu"] = plan.Gpu,
                ["device"] = plan.Device ?? "auto",
                ["dataDirectory"] = plan.DataDirectory,
            },
            ["workloads"] = report.Workloads.Select(w => new Dictionary<string, object?>
            {
                ["name"] = w.Name,
                ["title"] = w.Title,
                ["unit"] = w.Unit,
                ["succeeded"] = w.Succeeded,
                ["rows"] = w.Rows.Select(r => new Dictionary<string, object?>
                {
                    ["label"] = r.Label,
                    ["variant"] = r.Variant,
                    ["device"] = r.Device,
                    ["items"] = r.Items,
                    ["work"] = r.Work,
                    ["coresUsed"] = r.CoresUsed,
                    ["rounds"] = r.Rounds,
                    ["serialSeconds"] = r.SerialSeconds,
                    ["parallelSeconds"] = r.ParallelSeconds,
                    ["baselineSeconds"] = r.BaselineSeconds,
                    ["speedup"] = r.Speedup,
                    ["efficiency"] = r.Efficiency,
                    ["taskSlowdown"] = r.TaskSlowdown,
                    ["serialThroughput"] = r.SerialThroughput,
                    ["parallelThroughput"] = r.ParallelThroughput,
                    ["result"] = r.Result,
                    ["details"] = r.Details,
                }).ToArray(),
                ["notes"] = w.Notes,
                ["errors"] = w.Errors,
            }).ToArray(),
        };
    }
}
