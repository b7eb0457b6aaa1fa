using GpuRay.Cli.Bench;
using GpuRay.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GpuRay.Cli.Commands;

/// <summary><c>gpuray bench</c>: runs the workloads, prints the tables and writes the requested files.</summary>
internal sealed class BenchCommand : Command<BenchSettings>
{
    private readonly IAnsiConsole _console;
    private readonly ErrorOutput _errors;

    public BenchCommand(IAnsiConsole console, ErrorOutput errors)
    {
        _console = console;
        _errors = errors;
    }

    public override int Execute(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        BenchPlan plan = BenchPlan.From(settings);
        GpuRayRuntime ray;
        try
        {
            ray = BenchRunner.StartRuntime(plan);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _errors.Write($"could not start the runtime: {BenchRunner.Describe(ex)}", ex, plan.Verbose);
            return ExitCodes.Failure;
        }

        using (ray)
        {
            _console.MarkupLineInterpolated(
                $"[bold]gpuray bench[/] {string.Join(", ", plan.Workloads)} · mode {plan.Mode}{(plan.Quick ? " · quick" : string.Empty)} · data {plan.DataDirectory}");
            var logger = new CollectingLogger();
            BenchReport report = new BenchRunner(_console).Run(plan, ray, logger);
            ReportTables.Write(_console, report);
            bool filesWritten = WriteFiles(plan, report, ray);
            if (!report.Succeeded)
            {
                int failures = report.Workloads.Sum(w => w.Errors.Count);
                _errors.Write($"{failures} failure(s); see the lines marked ✗ above{(plan.Verbose ? string.Empty : " (--verbose shows details)")}.", null, verbose: false);
            }

            return report.Succeeded && filesWritten ? ExitCodes.Success : ExitCodes.Failure;
        }
    }

    private bool WriteFiles(BenchPlan plan, BenchReport report, GpuRayRuntime ray)
    {
        bool ok = true;
        ok &= TryWrite("JSON report", plan.JsonPath, path => ReportJson.Write(path, report), plan.Verbose);
        ok &= TryWrite("plot", plan.PlotPath, path => ReportPlot.Write(path, report), plan.Verbose);
        ok &= TryWrite("timeline", plan.TimelinePath, path => WriteTimeline(path, ray), plan.Verbose);
        return ok;
    }

    private static void WriteTimeline(string path, GpuRayRuntime ray)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        ray.Timeline.WriteChromeTrace(path);
    }

    private bool TryWrite(string what, string? path, Action<string> write, bool verbose)
    {
        if (path is null)
        {
            return true;
        }

        try
        {
            write(path);
            _console.MarkupLineInterpolated($"[grey]Wrote the {what} to[/] {Path.GetFullPath(path)}");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            _errors.Write($"could not write the {what} to '{path}': {ex.Message}", ex, verbose);
            return false;
        }
    }
}
