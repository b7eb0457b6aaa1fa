using System.Diagnostics;
using GpuRay.Gpu;
using GpuRay.Runtime;
using Spectre.Console;

namespace GpuRay.Cli.Bench;

/// <summary>Runs the planned workloads on one runtime, with progress, and collects their reports.</summary>
internal sealed class BenchRunner
{
    private static readonly IBenchWorkload[] AllWorkloads = [new FibonacciBench(), new MonteCarloPiBench(), new ImagesBench(), new InferenceBench()];

    private readonly IAnsiConsole _console;

    public BenchRunner(IAnsiConsole console)
    {
        _console = console;
    }

    /// <summary>Starts the runtime the plan asks for: all cores, and the GPUs (or the CPU fallback) unless --no-gpu.</summary>
    public static GpuRayRuntime StartRuntime(BenchPlan plan)
    {
        var options = new RuntimeOptions();
        if (plan.Gpu)
        {
            options = options.UseGpus(new GpuOptions { Device = plan.Device });
        }

        return GpuRayRuntime.Start(options);
    }

    public BenchReport Run(BenchPlan plan, GpuRayRuntime ray, CollectingLogger logger)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(ray);
        DateTimeOffset started = DateTimeOffset.Now;
        long start = Stopwatch.GetTimestamp();
        int cores = (int)Math.Round(ray.ClusterResources().GetValueOrDefault(Resources.ResourceNames.Cpu, Environment.ProcessorCount));
        DeviceSummary? device = plan.Gpu && ray.Devices.Count > 0 ? DeviceSummary.From(ray.Devices[0]) : null;
        var context = new BenchContext(plan, ray, cores, device, logger);
        IBenchWorkload[] workloads = [.. AllWorkloads.Where(w => plan.Workloads.Contains(w.Name))];
        var reports = new List<WorkloadReport>();

        void RunAll(IBenchProgress progress)
        {
            foreach (IBenchWorkload workload in workloads)
            {
                reports.Add(RunOne(context, workload, progress));
            }
        }

        if (_console.Profile.Capabilities.Interactive && _console.Profile.Capabilities.Ansi)
        {
            _console.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .Start(ctx => RunAll(new LiveProgress(ctx)));
        }
        else
        {
            RunAll(new LineProgress(_console));
        }

        foreach (string message in logger.Messages)
        {
            foreach (WorkloadReport report in reports.Where(r => r.Name == "inference"))
            {
                report.Notes.Add(message);
            }
        }

        return new BenchReport
        {
            Plan = plan,
            StartedAt = started,
            TotalSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds,
            Cores = cores,
            Device = device,
            Workloads = reports,
        };
    }

    private static WorkloadReport RunOne(BenchContext context, IBenchWorkload workload, IBenchProgress progress)
    {
        var report = new WorkloadReport(workload.Name, workload.Title, workload.Unit);
        int rounds = context.Plan.Rounds;
        IWorkloadProgress bar = progress.StartWorkload(workload.Title, workload.CountItems(context) * rounds);
        var rows = new List<BenchRow>();
        for (int round = 0; round < rounds && report.Succeeded; round++)
        {
            // Each round reports into a fresh list; a failure in any round fails the workload.
            var once = new WorkloadReport(workload.Name, workload.Title, workload.Unit);
            try
            {
                workload.Run(context, once, bar);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // One workload failing (a device error, a full disk) must not hide the others' figures.
                once.Fail($"{workload.Title} failed: {Describe(ex)}", ex);
            }

            rows.AddRange(once.Rows);
            report.Errors.AddRange(once.Errors);
            report.Exceptions.AddRange(once.Exceptions);
            report.Notes.AddRange(once.Notes.Except(report.Notes));
        }

        report.Rows.AddRange(BenchRow.Medians(rows));
        bar.Finish(report.Succeeded);
        return report;
    }

    /// <summary>The message of the exception that says what went wrong, without wrapper noise.</summary>
    internal static string Describe(Exception ex)
    {
        Exception inner = ex;
        while (inner is AggregateException { InnerException: Exception next })
        {
            inner = next;
        }

        return inner is Errors.TaskFailedException { InnerException: Exception cause }
            ? $"{inner.Message} ({cause.GetType().Name}: {cause.Message})"
            : $"{inner.GetType().Name}: {inner.Message}";
    }
}
