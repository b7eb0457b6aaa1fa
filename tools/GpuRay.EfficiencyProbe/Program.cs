using System.Diagnostics;
using System.Globalization;

using GpuRay;
using GpuRay.Options;
using GpuRay.Workloads.Fibonacci;

// gpuray-efficiency-probe [rounds]: each round times one Fibonacci sequence (100,000 numbers) alone and two side by
// side, three ways: in plain processes with no GpuRay, in GpuRay workers that live for the whole run, and in GpuRay
// workers started for that round. Efficiency = alone / side by side (1.0 is perfect scaling on two cores).
if (args is ["plain"])
{
    Console.WriteLine(Probe.WarmThenTime().ToString(CultureInfo.InvariantCulture));
    return;
}

int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
using GpuRayRuntime aged = Probe.StartWithWorkers();
var results = new List<(double Plain, double Aged, double Fresh)>();
for (int round = 1; round <= rounds; round++)
{
    double plain = Probe.Efficiency(Probe.PlainProcesses(1)[0], Probe.PlainProcesses(2).Max());
    double agedEfficiency = Probe.WorkerEfficiency(aged);
    using GpuRayRuntime fresh = Probe.StartWithWorkers();
    double freshEfficiency = Probe.WorkerEfficiency(fresh);
    results.Add((plain, agedEfficiency, freshEfficiency));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: plain processes {plain:0.00}, long-lived workers {agedEfficiency:0.00}, fresh workers {freshEfficiency:0.00}"));
}

Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"median efficiency over {rounds} rounds: plain processes {Probe.Median(results.Select(r => r.Plain))}, long-lived workers {Probe.Median(results.Select(r => r.Aged))}, fresh workers {Probe.Median(results.Select(r => r.Fresh))}"));

/// <summary>The probe's measurements.</summary>
internal static class Probe
{
    private const int Size = FibonacciWorkload.TutorialSequenceSize;

    /// <summary>Two warm-up sequences (JIT, GC sizing), then the milliseconds one sequence takes.</summary>
    public static double WarmThenTime()
    {
        FibonacciWorkload.Generate(Size);
        FibonacciWorkload.Generate(Size);
        long start = Stopwatch.GetTimestamp();
        FibonacciWorkload.Generate(Size);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>This program started <paramref name="count"/> times at once in its plain mode; each one's time.</summary>
    public static double[] PlainProcesses(int count)
    {
        Process[] processes = [.. Enumerable.Range(0, count).Select(_ =>
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!, "plain") { RedirectStandardOutput = true };
            start.Environment["DOTNET_gcServer"] = "0";
            return Process.Start(start)!;
        })];
        return [.. processes.Select(p =>
        {
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            p.Dispose();
            return double.Parse(output, CultureInfo.InvariantCulture);
        })];
    }

    /// <summary>A runtime with two workers up and warmed as the plain processes are (two sequences each).</summary>
    public static GpuRayRuntime StartWithWorkers()
    {
        GpuRayRuntime ray = GpuRayRuntime.Start();
        ray.PrestartWorkersAsync(2).GetAwaiter().GetResult();
        var time = Timed(ray);
        for (int i = 0; i < 2; i++)
        {
            _ = ray.Get([time.Remote(Size), time.Remote(Size)]);
        }

        return ray;
    }

    /// <summary>One sequence in a worker, then two side by side, timed from this process.</summary>
    public static double WorkerEfficiency(GpuRayRuntime ray)
    {
        var time = Timed(ray);
        long start = Stopwatch.GetTimestamp();
        _ = ray.Get(time.Remote(Size));
        double alone = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        start = Stopwatch.GetTimestamp();
        _ = ray.Get([time.Remote(Size), time.Remote(Size)]);
        return Efficiency(alone, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    public static double Efficiency(double alone, double sideBySide) => alone / sideBySide;

    public static string Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted[sorted.Length / 2].ToString("0.00", CultureInfo.InvariantCulture);
    }

    private static GpuRay.Functions.RemoteFunction<int, double> Timed(GpuRayRuntime ray) =>
        ray.Remote<int, double>(TimeOne, options: new TaskOptions { Isolation = TaskIsolation.Process });

    private static double TimeOne(int size)
    {
        long start = Stopwatch.GetTimestamp();
        FibonacciWorkload.Generate(size);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
