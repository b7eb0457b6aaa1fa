using System.Globalization;
using GpuRay.Workloads.Fibonacci;

namespace GpuRay.Cli.Bench;

/// <summary>Fibonacci: the first N numbers (BigInteger) per task, one task per core, serial vs parallel.</summary>
internal sealed class FibonacciBench : IBenchWorkload
{
    private const int WarmUpSize = 2_000;

    public string Name => "fib";

    public string Title => "Fibonacci";

    public string Unit => "numbers/s";

    public int CountItems(BenchContext context) => context.Plan.Tasks * Phases(context.Plan);

    public void Run(BenchContext context, WorkloadReport report, IWorkloadProgress progress)
    {
        BenchPlan plan = context.Plan;
        // JIT and tiering happen here, not in the first timed phase.
        _ = BenchContext.Time(progress, "warm-up", () => FibonacciTasks.RunParallel(context.Ray, 1, Math.Min(plan.FibSize, WarmUpSize)));
        double? serial = null;
        double? parallel = null;
        int[]? counts = null;
        if (plan.Serial)
        {
            (counts, double seconds) = BenchContext.Time(progress, "serial", () => FibonacciTasks.RunSerial(plan.Tasks, plan.FibSize, _ => progress.Advance()));
            serial = seconds;
        }

        if (plan.Parallel)
        {
            (int[] parallelCounts, double seconds) = BenchContext.Time(
                progress, "parallel", () => FibonacciTasks.RunParallel(context.Ray, plan.Tasks, plan.FibSize, _ => progress.Advance()));
            parallel = seconds;
            if (counts is not null && !counts.SequenceEqual(parallelCounts))
            {
                report.Fail("Fibonacci: the serial and parallel counts differ.");
            }

            counts = parallelCounts;
        }

        int[] final = counts!;
        long total = final.Sum(c => (long)c);
        if (final.Any(c => c != plan.FibSize))
        {
            report.Fail(string.Create(CultureInfo.InvariantCulture, $"Fibonacci: a task returned a count other than {plan.FibSize:N0}."));
        }

        report.Rows.Add(new BenchRow
        {
            Label = string.Create(CultureInfo.InvariantCulture, $"{plan.Tasks} x {plan.FibSize:N0}"),
            Variant = "cpu",
            Device = context.CpuLabel,
            Items = plan.Tasks,
            Work = total,
            CoresUsed = Math.Min(plan.Tasks, context.Cores),
            SerialSeconds = serial,
            ParallelSeconds = parallel,
            Result = string.Create(CultureInfo.InvariantCulture, $"{total:N0} numbers"),
            Details = new Dictionary<string, object?> { ["count"] = total, ["tasks"] = plan.Tasks, ["sequenceSize"] = plan.FibSize },
        });
    }

    private static int Phases(BenchPlan plan) => (plan.Serial ? 1 : 0) + (plan.Parallel ? 1 : 0);
}
