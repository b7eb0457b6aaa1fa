using System.Globalization;
using GpuRay.Workloads.MonteCarloPi;

namespace GpuRay.Cli.Bench;

/// <summary>Monte Carlo pi: one task per core, serial vs parallel on the CPU (SIMD), then the ILGPU kernel on the device.</summary>
internal sealed class MonteCarloPiBench : IBenchWorkload
{
    /// <summary>Samples per task on ILGPU's CPU accelerator, which runs each simulated GPU thread as an OS thread.</summary>
    internal const long FallbackSamplesPerTask = 10_000_000;

    private const long WarmUpSamples = 100_000;

    public string Name => "pi";

    public string Title => "Monte Carlo pi";

    public string Unit => "samples/s";

    public int CountItems(BenchContext context) =>
        context.Plan.Tasks * ((context.Plan.Serial ? 1 : 0) + (context.Plan.Parallel ? 1 : 0) + (context.HasGpu ? 1 : 0));

    public void Run(BenchContext context, WorkloadReport report, IWorkloadProgress progress)
    {
        BenchPlan plan = context.Plan;
        _ = BenchContext.Time(progress, "warm-up", () => MonteCarloPiTasks.RunParallel(context.Ray, 1, WarmUpSamples));
        double? serial = null;
        double? parallel = null;
        PiEstimate? estimate = null;
        if (plan.Serial)
        {
            (PiEstimate result, double seconds) = BenchContext.Time(
                progress, "serial", () => MonteCarloPiTasks.RunSerial(plan.Tasks, plan.PiSamples, onTaskDone: _ => progress.Advance()));
            (estimate, serial) = (result, seconds);
        }

        if (plan.Parallel)
        {
            (PiEstimate result, double seconds) = BenchContext.Time(
                progress, "parallel", () => MonteCarloPiTasks.RunParallel(context.Ray, plan.Tasks, plan.PiSamples, onTaskDone: _ => progress.Advance()));
            parallel = seconds;
            if (estimate is PiEstimate s && s.Hits != result.Hits)
            {
                report.Fail(string.Create(CultureInfo.InvariantCulture, $"Monte Carlo pi: serial counted {s.Hits:N0} hits but parallel {result.Hits:N0}."));
            }

            estimate = result;
        }

        long samples = plan.Tasks * plan.PiSamples;
        report.Rows.Add(Row(context, string.Create(CultureInfo.InvariantCulture, $"{plan.Tasks} x {plan.PiSamples:N0}"), "cpu", context.CpuLabel, samples, estimate!.Value) with
        {
            SerialSeconds = serial,
            ParallelSeconds = parallel,
        });

        if (context.Device is DeviceSummary device)
        {
            RunOnGpu(context, report, progress, device, estimate.Value, serial);
        }
    }

    private static void RunOnGpu(BenchContext context, WorkloadReport report, IWorkloadProgress progress, DeviceSummary device, PiEstimate cpu, double? cpuSerial)
    {
        BenchPlan plan = context.Plan;
        long perTask = device.IsFallback ? Math.Min(plan.PiSamples, FallbackSamplesPerTask) : plan.PiSamples;
        if (perTask < plan.PiSamples)
        {
            report.Notes.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"GPU row on the CPU fallback: {perTask:N0} samples per task instead of {plan.PiSamples:N0} (ILGPU's CPU accelerator is slow); its speedup is against the serial CPU rate."));
        }

        // The first launch compiles the kernel for the device; that is not part of the throughput.
        _ = BenchContext.Time(progress, "GPU warm-up (kernel compile)", () => MonteCarloPiTasks.RunOnGpu(context.Ray, 1, 1024));
        (PiEstimate result, double seconds) = BenchContext.Time(
            progress, "GPU", () => MonteCarloPiTasks.RunOnGpu(context.Ray, plan.Tasks, perTask, onTaskDone: _ => progress.Advance()));
        if (perTask == plan.PiSamples && result.Hits != cpu.Hits)
        {
            report.Fail(string.Create(CultureInfo.InvariantCulture, $"Monte Carlo pi: the GPU counted {result.Hits:N0} hits but the CPU {cpu.Hits:N0}."));
        }

        long samples = plan.Tasks * perTask;
        report.Rows.Add(Row(context, string.Create(CultureInfo.InvariantCulture, $"GPU {plan.Tasks} x {perTask:N0}"), "gpu", device.Label, samples, result) with
        {
            ParallelSeconds = seconds,
            BaselineSeconds = cpuSerial is double s ? s * perTask / plan.PiSamples : null,
        });
    }

    private static BenchRow Row(BenchContext context, string label, string variant, string device, long samples, PiEstimate estimate) => new()
    {
        Label = label,
        Variant = variant,
        Device = device,
        Items = context.Plan.Tasks,
        Work = samples,
        CoresUsed = Math.Min(context.Plan.Tasks, context.Cores),
        Result = string.Create(CultureInfo.InvariantCulture, $"π ≈ {estimate}"),
        Details = new Dictionary<string, object?>
        {
            ["estimate"] = estimate.Value,
            ["standardError"] = estimate.StandardError,
            ["hits"] = estimate.Hits,
            ["samples"] = estimate.Samples,
            ["sigmasFromPi"] = estimate.StandardErrorsFrom(Math.PI),
        },
    };
}
