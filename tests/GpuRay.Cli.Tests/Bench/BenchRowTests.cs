using GpuRay.Cli.Bench;

namespace GpuRay.Cli.Tests.Bench;

public sealed class BenchRowTests
{
    private static readonly BenchRow Cpu = new()
    {
        Label = "2 x 10", Variant = "cpu", Device = "CPU x2", Items = 2, Work = 100, CoresUsed = 2, Result = "ok",
        SerialSeconds = 4, ParallelSeconds = 2.5,
    };

    [Test]
    public void Figures_CpuRow_AreSpeedupEfficiencyAndThroughputs()
    {
        Assert.That(Cpu.Speedup, Is.EqualTo(1.6));
        Assert.That(Cpu.Efficiency, Is.EqualTo(0.8));
        Assert.That((Cpu.SerialThroughput, Cpu.ParallelThroughput), Is.EqualTo(((double?)25, (double?)40)));
    }

    [Test]
    public void Figures_GpuRow_MeasureSpeedupAgainstTheSerialBaselineAndHaveNoEfficiency()
    {
        BenchRow gpu = Cpu with { Variant = "gpu", SerialSeconds = null, ParallelSeconds = 0.5, BaselineSeconds = 4 };

        Assert.That(gpu.Speedup, Is.EqualTo(8));
        Assert.That(gpu.Efficiency, Is.Null);
        Assert.That(gpu.SerialThroughput, Is.Null);
    }

    [Test]
    public void Figures_SerialOnly_HaveNoSpeedup()
    {
        BenchRow serial = Cpu with { ParallelSeconds = null };

        Assert.That((serial.Speedup, serial.Efficiency, serial.ParallelThroughput), Is.EqualTo(((double?)null, (double?)null, (double?)null)));
    }

    [Test]
    public void Medians_RowsOfSeveralRounds_MergeByLabelWithMedianTimes()
    {
        BenchRow other = Cpu with { Label = "4 x 10" };
        BenchRow[] rounds =
        [
            Cpu with { TaskSlowdown = 1.2 }, other with { SerialSeconds = 8 },
            Cpu with { SerialSeconds = 6, ParallelSeconds = 1, TaskSlowdown = 1.0 }, other with { SerialSeconds = 10 },
            Cpu with { SerialSeconds = 5, ParallelSeconds = 9, TaskSlowdown = 1.1 },
        ];

        BenchRow[] merged = [.. BenchRow.Medians(rounds)];

        Assert.That(merged.Select(r => r.Label), Is.EqualTo(new[] { "2 x 10", "4 x 10" }), "first-seen order");
        Assert.That((merged[0].SerialSeconds, merged[0].ParallelSeconds, merged[0].Rounds), Is.EqualTo(((double?)5, (double?)2.5, 3)));
        Assert.That(merged[0].TaskSlowdown, Is.EqualTo(1.1));
        Assert.That((merged[1].SerialSeconds, merged[1].Rounds), Is.EqualTo(((double?)9, 2)), "an even count averages the middle two");
    }
}
