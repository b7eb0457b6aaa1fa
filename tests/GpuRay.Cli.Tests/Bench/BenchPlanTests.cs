using GpuRay.Cli.Bench;
using GpuRay.Cli.Commands;

namespace GpuRay.Cli.Tests.Bench;

public sealed class BenchPlanTests
{
    [Test]
    public void From_NoOptions_UsesTheTutorialSizes()
    {
        BenchPlan plan = BenchPlan.From(new BenchSettings());

        Assert.That(plan.Workloads, Is.EqualTo(new[] { "fib", "pi", "images", "inference" }));
        Assert.That((plan.Serial, plan.Parallel, plan.Mode), Is.EqualTo((true, true, "both")));
        Assert.That(plan.Tasks, Is.EqualTo(Environment.ProcessorCount));
        Assert.That(plan.FibSize, Is.EqualTo(100_000));
        Assert.That(plan.PiSamples, Is.EqualTo(10_000_000));
        Assert.That((plan.ImageCount, plan.ImageWidth, plan.ImageHeight), Is.EqualTo((6, 4000, 3000)));
        Assert.That(plan.Batches, Is.EqualTo(new[] { 2, 4, 6 }));
        Assert.That((plan.Shards, plan.RowsPerShard), Is.EqualTo((12, (int?)null)));
        Assert.That(plan.Gpu, Is.True);
    }

    [Test]
    public void From_Quick_UsesSmokeSizes()
    {
        BenchPlan plan = BenchPlan.From(new BenchSettings { Quick = true, Workload = "Images", Mode = "Serial" });

        Assert.That(plan.Workloads, Is.EqualTo(new[] { "images" }));
        Assert.That((plan.Serial, plan.Parallel), Is.EqualTo((true, false)));
        Assert.That((plan.ImageCount, plan.ImageWidth, plan.ImageHeight), Is.EqualTo((4, 640, 480)));
        Assert.That(plan.Batches, Is.EqualTo(new[] { 2, 4 }));
        Assert.That((plan.Shards, plan.RowsPerShard), Is.EqualTo((3, (int?)5_000)));
    }

    [Test]
    public void From_ExplicitOptions_OverrideTheDefaults()
    {
        BenchPlan plan = BenchPlan.From(new BenchSettings
        {
            Tasks = "8", Samples = "1_000_000", FibSize = "2,000", Images = "3", Batches = "3, 1", ImageSize = "64X48",
            Shards = "5", Rows = "777", NoGpu = true, Device = "CPU", Data = "rel/data",
        });

        Assert.That((plan.Tasks, plan.PiSamples, plan.FibSize), Is.EqualTo((8, 1_000_000L, 2_000)));
        Assert.That(plan.Batches, Is.EqualTo(new[] { 1, 3 }), "sorted");
        Assert.That((plan.ImageWidth, plan.ImageHeight), Is.EqualTo((64, 48)));
        Assert.That((plan.Shards, plan.RowsPerShard, plan.Gpu, plan.Device), Is.EqualTo((5, (int?)777, false, "cpu")));
        Assert.That(plan.DataDirectory, Is.EqualTo(Path.GetFullPath("rel/data")));
    }

    [Test]
    public void From_InvalidNumber_ThrowsUsageErrorNamingTheOption()
    {
        var error = Assert.Throws<CliUsageException>(() => BenchPlan.From(new BenchSettings { Rows = "-3" }));

        Assert.That(error!.Message, Is.EqualTo("--rows -3 is out of range; valid values are 1..100,000,000."));
    }

    [Test]
    public void From_FewerImagesThanTheDefaultBatches_KeepsTheBatchesThatFit()
    {
        BenchPlan plan = BenchPlan.From(new BenchSettings { Images = "3" });

        Assert.That(plan.Batches, Is.EqualTo(new[] { 2 }));
    }
}
