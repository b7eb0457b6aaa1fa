using System.Globalization;
using GpuRay.Options;
using GpuRay.Workloads.Fibonacci;

namespace GpuRay.Cli.Bench;

/// <summary>Fibonacci: the first N numbers (BigInteger) per task, one task per core, serial vs parallel.</summary>
internal sealed class FibonacciBench : IBenchWorkload
{
    /// <summary>The remote function's stable name, as the timeline shows it.</summary>
    private static readonly string GenerateName = $"{typeof(FibonacciWorkload).FullName}.{nameof(FibonacciWorkload.Generate)}";

    public string Name => "fib";

    public string Title => "Fibonacci";

    public string Unit => "numbers/s";

    /// <summary>The parallel phases: tasks on threads of this process, and tasks in worker processes.</summary>
    private static readonly (TaskIsolation Isolation, string Phase)[] Isolations =
        [(TaskIsolation.None, "threads"), (TaskIsolation.Process, "processes")];

    public int CountItems(BenchContext context) => context.Plan.Tasks * Phases(context.Plan);

    public void Run(BenchContext context, WorkloadReport report, IWorkloadProgress progress)
    {
        BenchPlan plan = context.Plan;
        // JIT, tiering and the garbage collector's first sizing of its budgets happen here, not in the first timed
        // phase: one full sequence per place it will run (measured: a cold first serial run took about twice as long).
        // The workers start here too (as Ray's start with the node), so that no clock runs beside their start.
        _ = BenchContext.Time(progress, "warm-up", () =>
        {
            _ = FibonacciTasks.RunParallel(context.Ray, 1, plan.FibSize);
            if (plan.Parallel)
            {
                context.Ray.PrestartWorkersAsync(plan.Tasks).GetAwaiter().GetResult();
                _ = FibonacciTasks.RunParallel(context.Ray, plan.Tasks, plan.FibSize, isolation: TaskIsolation.Process);
            }

            return 0;
        });
        double? serial = null;
        int[]? counts = null;
        if (plan.Serial)
        {
            (counts, double seconds) = BenchContext.Time(progress, "serial", () => FibonacciTasks.RunSerial(plan.Tasks, plan.FibSize, _ => progress.Advance()));
            serial = seconds;
        }

        if (plan.Parallel)
        {
            foreach ((TaskIsolation isolation, string phase) in Isolations)
            {
                double? baseline = serial;
                if (plan.Serial && isolation == TaskIsolation.Process)
                {
                    // Serial in one worker: the baseline the processes row is measured against, under the worker's GC.
                    (_, baseline) = BenchContext.Time(progress, "serial in a worker", () => FibonacciTasks.RunSerialInWorker(context.Ray, plan.Tasks, plan.FibSize));
                    for (int i = 0; i < plan.Tasks; i++)
                    {
                        progress.Advance();
                    }
                }

                (int[] parallelCounts, double seconds) = BenchContext.Time(
                    progress, phase, () => FibonacciTasks.RunParallel(context.Ray, plan.Tasks, plan.FibSize, _ => progress.Advance(), isolation));
                if (counts is not null && !counts.SequenceEqual(parallelCounts))
                {
                    report.Fail($"Fibonacci: the serial and parallel ({phase}) counts differ.");
                }

                counts = parallelCounts;
                report.Rows.Add(Row(context, plan, parallelCounts, baseline, seconds, phase) with
                {
                    TaskSlowdown = baseline is double b ? TaskSlowdown(context.Ray, plan.Tasks, b / plan.Tasks) : null,
                });
            }
        }
        else
        {
            report.Rows.Add(Row(context, plan, counts!, serial, null, "threads"));
        }

        if (counts!.Any(c => c != plan.FibSize))
        {
            report.Fail(string.Create(CultureInfo.InvariantCulture, $"Fibonacci: a task returned a count other than {plan.FibSize:N0}."));
        }
    }

    /// <summary>
    /// How much longer the last <paramref name="tasks"/> Fibonacci tasks ran, by the timeline, than one sequence of the
    /// serial run took: above 1 when the cores slow each other down (this workload allocates 833 MB per sequence).
    /// </summary>
    private static double? TaskSlowdown(GpuRayRuntime ray, int tasks, double serialSecondsPerTask)
    {
        double[] durations = [.. ray.Timeline.Snapshot()
            .Where(e => e.Outcome == Scheduling.TaskState.Finished && e.Name == GenerateName)
            .TakeLast(tasks)
            .Select(e => e.Duration.TotalSeconds)];
        return durations.Length == tasks && serialSecondsPerTask > 0 ? durations.Average() / serialSecondsPerTask : null;
    }

    private static BenchRow Row(BenchContext context, BenchPlan plan, int[] counts, double? serial, double? parallel, string phase)
    {
        long total = counts.Sum(c => (long)c);
        return new BenchRow
        {
            Label = string.Create(CultureInfo.InvariantCulture, $"{plan.Tasks} x {plan.FibSize:N0}, {phase}"),
            Variant = "cpu",
            Device = context.CpuLabel,
            Items = plan.Tasks,
            Work = total,
            CoresUsed = Math.Min(plan.Tasks, context.Cores),
            SerialSeconds = serial,
            ParallelSeconds = parallel,
            Result = string.Create(CultureInfo.InvariantCulture, $"{total:N0} numbers"),
            Details = new Dictionary<string, object?> { ["count"] = total, ["tasks"] = plan.Tasks, ["sequenceSize"] = plan.FibSize, ["isolation"] = phase },
        };
    }

    private static int Phases(BenchPlan plan) => (plan.Serial ? 1 : 0) + (plan.Parallel ? Isolations.Length : 0) + (plan.Serial && plan.Parallel ? 1 : 0);
}
