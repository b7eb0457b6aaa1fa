using GpuRay.Cli.Bench;
using ScottPlot;

namespace GpuRay.Cli.Output;

/// <summary>
/// Draws the tutorial's <c>plot_times</c> chart with ScottPlot: per workload, serial and parallel wall times side by
/// side for each run (image batch), and the GPU run as a third bar.
/// </summary>
internal static class ReportPlot
{
    private static readonly Color SerialColor = Color.FromHex("#4C72B0");
    private static readonly Color ParallelColor = Color.FromHex("#DD8452");
    private static readonly Color GpuColor = Color.FromHex("#55A868");

    public static void Write(string path, BenchReport report)
    {
        WorkloadReport[] workloads = [.. report.Workloads.Where(w => w.Rows.Any(r => r.SerialSeconds is not null || r.ParallelSeconds is not null))];
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        if (workloads.Length == 0)
        {
            var empty = new Plot();
            empty.Title("gpuray bench: no timings");
            empty.SavePng(path, 800, 400);
            return;
        }

        int columns = Math.Min(2, workloads.Length);
        int rows = (workloads.Length + columns - 1) / columns;
        var multiplot = new Multiplot();
        multiplot.AddPlots(workloads.Length);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        for (int i = 0; i < workloads.Length; i++)
        {
            Draw(multiplot.GetPlot(i), workloads[i], report);
        }

        multiplot.SavePng(path, 640 * columns, 420 * rows);
    }

    private static void Draw(Plot plot, WorkloadReport workload, BenchReport report)
    {
        var serial = new List<Bar>();
        var parallel = new List<Bar>();
        var gpu = new List<Bar>();
        var ticks = new List<Tick>();
        for (int i = 0; i < workload.Rows.Count; i++)
        {
            BenchRow row = workload.Rows[i];
            double center = i * 3;
            if (row.Variant == "gpu")
            {
                gpu.Add(Bar(center, row.ParallelSeconds, GpuColor));
            }
            else
            {
                serial.Add(Bar(center - 0.45, row.SerialSeconds, SerialColor));
                parallel.Add(Bar(center + 0.45, row.ParallelSeconds, ParallelColor));
            }

            ticks.Add(new Tick(center, row.Label));
        }

        AddSeries(plot, serial, "serial");
        AddSeries(plot, parallel, $"parallel ({report.Cores} cores)");
        AddSeries(plot, gpu, report.Device?.Label is string device ? $"GPU: {device}" : "GPU");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Margins(bottom: 0, top: 0.3);
        plot.Title(workload.Title);
        plot.YLabel("wall time (s)");
        plot.ShowLegend(Alignment.UpperLeft);
    }

    private static Bar Bar(double position, double? seconds, Color color) => new()
    {
        Position = position,
        Value = seconds ?? 0,
        Size = 0.9,
        FillColor = color,
        Label = seconds is null ? string.Empty : Format.Seconds(seconds),
    };

    private static void AddSeries(Plot plot, List<Bar> bars, string legend)
    {
        if (bars.Count == 0 || bars.All(b => b.Value == 0))
        {
            return;
        }

        var series = plot.Add.Bars(bars);
        series.LegendText = legend;
        series.Color = bars[0].FillColor;
        foreach (Bar bar in series.Bars)
        {
            bar.LabelOnTop = true;
        }
    }
}
