using GpuRay.Cli.Bench;
using Spectre.Console;

namespace GpuRay.Cli.Output;

/// <summary>Renders a bench report as one table per workload, with its notes and errors underneath.</summary>
internal static class ReportTables
{
    public static void Write(IAnsiConsole console, BenchReport report)
    {
        foreach (WorkloadReport workload in report.Workloads)
        {
            console.WriteLine();
            console.Write(Build(workload));
            foreach (BenchRow row in workload.Rows.Where(r => r.TaskSlowdown is not null))
            {
                double slowdown = row.TaskSlowdown!.Value;
                console.MarkupLineInterpolated(
                    $"  [grey]· {row.Label}: each task ran {slowdown:0.00}x as long side by side as in the serial run, so this machine allows at most {1 / slowdown:0%} efficiency here.[/]");
            }

            foreach (string note in workload.Notes)
            {
                console.MarkupLineInterpolated($"  [grey]· {note}[/]");
            }

            foreach (string error in workload.Errors)
            {
                console.MarkupLineInterpolated($"  [red]✗ {error}[/]");
            }

            if (report.Plan.Verbose)
            {
                foreach (Exception exception in workload.Exceptions)
                {
                    console.WriteLine(exception.ToString());
                }
            }
        }

        console.WriteLine();
        string device = report.Device?.Label ?? "none (GPU variants off)";
        string rounds = report.Plan.Rounds > 1 ? $" · times: medians of {report.Plan.Rounds} rounds" : string.Empty;
        console.MarkupLineInterpolated(
            $"[grey]{report.Cores} cores · GPU device: {device} · total {Format.Seconds(report.TotalSeconds)}{rounds} · rates: serial → parallel · Eff. = speedup / cores used; GPU speedup = serial CPU time / GPU time for the same work[/]");
    }

    public static Table Build(WorkloadReport workload)
    {
        var table = new Table()
            .Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(workload.Title)}[/]")
            .AddColumn("Run")
            .AddColumn("Device")
            .AddColumn(new TableColumn("Serial").RightAligned())
            .AddColumn(new TableColumn("Parallel").RightAligned())
            .AddColumn(new TableColumn("Speedup").RightAligned())
            .AddColumn(new TableColumn("Eff.").RightAligned())
            .AddColumn(new TableColumn(Markup.Escape(workload.Unit)).RightAligned())
            .AddColumn("Result");
        foreach (BenchRow row in workload.Rows)
        {
            string speedup = Format.Ratio(row.Speedup);
            string efficiency = row.Efficiency switch
            {
                null => "—",
                >= 0.85 => $"[green]{Format.Percent(row.Efficiency)}[/]",
                >= 0.6 => $"[yellow]{Format.Percent(row.Efficiency)}[/]",
                _ => $"[red]{Format.Percent(row.Efficiency)}[/]",
            };
            table.AddRow(
                Markup.Escape(row.Label),
                Markup.Escape(row.Device),
                Format.Seconds(row.SerialSeconds),
                Format.Seconds(row.ParallelSeconds),
                speedup,
                efficiency,
                Throughput(row),
                Markup.Escape(row.Result));
        }

        if (workload.Rows.Count == 0)
        {
            table.AddRow("[red]no result[/]", string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);
        }

        return table;
    }

    private static string Throughput(BenchRow row) => (row.SerialThroughput, row.ParallelThroughput) switch
    {
        (double serial, double parallel) => $"{Format.Rate(serial)} → {Format.Rate(parallel)}",
        (double serial, null) => Format.Rate(serial),
        (null, double parallel) => Format.Rate(parallel),
        _ => "—",
    };
}
