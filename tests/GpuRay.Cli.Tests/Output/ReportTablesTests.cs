using GpuRay.Cli.Bench;
using GpuRay.Cli.Output;
using Spectre.Console.Testing;

namespace GpuRay.Cli.Tests.Output;

public sealed class ReportTablesTests
{
    [Test]
    public void Write_Report_ShowsEachRowWithItsFiguresNotesAndErrors()
    {
        var workload = new WorkloadReport("pi", "Monte Carlo pi", "samples/s");
        workload.Rows.Add(new BenchRow
        {
            Label = "2 x 1,000", Variant = "cpu", Device = "CPU x2", Items = 2, Work = 2000, CoresUsed = 2,
            SerialSeconds = 2, ParallelSeconds = 1.25, Result = "π ≈ 3.14",
        });
        workload.Notes.Add("a note");
        workload.Fail("shard 3: bad column");
        var report = new BenchReport
        {
            Plan = BenchPlan.From(new GpuRay.Cli.Commands.BenchSettings { Workload = "pi" }),
            StartedAt = DateTimeOffset.UnixEpoch,
            TotalSeconds = 3,
            Cores = 2,
            Device = null,
            Workloads = [workload],
        };
        var console = new TestConsole().Width(200);

        ReportTables.Write(console, report);

        Assert.That(console.Output, Does.Contain("Monte Carlo pi"));
        Assert.That(console.Output, Does.Match(@"2 x 1,000\s+│ CPU x2\s+│\s+2\.00 s │\s+1\.25 s │\s+1\.60x │\s+80% │\s+1\.0 k → 1\.6 k │ π ≈ 3\.14"));
        Assert.That(console.Output, Does.Contain("· a note").And.Contain("✗ shard 3: bad column"));
        Assert.That(report.Succeeded, Is.False);
    }
}
