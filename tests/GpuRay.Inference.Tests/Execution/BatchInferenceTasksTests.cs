using GpuRay.Inference.Execution;
using GpuRay.Inference.Models;
using GpuRay.Runtime;

namespace GpuRay.Inference.Tests.Execution;

public sealed class BatchInferenceTasksTests
{
    [Test]
    public async Task RunParallel_OneBadShard_OthersCompleteAndMatchSerial()
    {
        await using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 2 });
        OnnxModel model = TipModel.Default.ToOnnxModel();
        string bad = Path.Combine(TestData.NewFolder("tasks-bad"), "not-parquet.parquet");
        await File.WriteAllTextAsync(bad, "this is not parquet");
        List<string> shards = [.. TestData.DataSet.ShardPaths];
        shards.Insert(1, bad);
        var reported = new List<ShardOutcome>();

        IReadOnlyList<ShardOutcome> parallel = BatchInferenceTasks.RunParallel(ray, model, shards, onShardDone: reported.Add);
        IReadOnlyList<ShardOutcome> serial = BatchInferenceTasks.RunSerial(model, shards);

        Assert.That(parallel.Select(o => o.ShardPath), Is.EqualTo(shards));
        Assert.That(parallel.Count(o => o.Succeeded), Is.EqualTo(shards.Count - 1));
        Assert.That(parallel[1].Error, Is.InstanceOf<InferenceInputException>());
        Assert.That(parallel[1].Error!.Message, Does.Contain("not-parquet.parquet"));
        Assert.That(serial[1].Error, Is.InstanceOf<InferenceInputException>());
        Assert.That(
            parallel.Where(o => o.Succeeded).Select(o => (o.Prediction!.Rows, o.Prediction.PositivePredictions)),
            Is.EqualTo(serial.Where(o => o.Succeeded).Select(o => (o.Prediction!.Rows, o.Prediction.PositivePredictions))));
        Assert.That(parallel.Where(o => o.Succeeded).Sum(o => o.Prediction!.Rows), Is.EqualTo(TestData.DataSet.TotalRows));
        Assert.That(reported, Has.Count.EqualTo(shards.Count));
    }
}
