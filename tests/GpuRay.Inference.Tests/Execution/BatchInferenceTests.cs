using GpuRay.Inference.Data;
using GpuRay.Inference.Execution;
using GpuRay.Inference.Models;
using Parquet;
using Parquet.Schema;

namespace GpuRay.Inference.Tests.Execution;

public sealed class BatchInferenceTests
{
    private static readonly OnnxModel Model = TipModel.Default.ToOnnxModel();

    [Test]
    public async Task PredictShard_GeneratedShard_MatchesReferenceSummary()
    {
        string shard = TestData.DataSet.ShardPaths[0];
        float[] expected = await ReferenceScoresAsync(shard);

        ShardPrediction result = BatchInference.PredictShard(Model, shard);

        Assert.Multiple(() =>
        {
            Assert.That(result.FileName, Is.EqualTo("trips-00.parquet"));
            Assert.That(result.Rows, Is.EqualTo(TestData.DataSet.RowCounts[0]));
            Assert.That(result.PositivePredictions, Is.EqualTo(expected.Count(s => s >= 0.5f)));
            Assert.That(result.MeanScore, Is.EqualTo(expected.Average(s => (double)s)).Within(1e-6));
            Assert.That(result.Provider, Is.EqualTo("CPU"));
            Assert.That(result.PredictionsPath, Is.Null);
        });
    }

    [Test]
    public async Task PredictShardAsync_SmallBatchSizeAndPredictionsFile_WritesEveryScoreInOrder()
    {
        string folder = TestData.NewFolder("predictions");
        string shard = Path.Combine(folder, "trips-02.parquet");
        File.Copy(TestData.DataSet.ShardPaths[2], shard);
        float[] expected = await ReferenceScoresAsync(shard);

        ShardPrediction result = await BatchInference.PredictShardAsync(Model, shard, new InferenceOptions { BatchSize = 700, WritePredictions = true });

        Assert.That(result.PredictionsPath, Is.EqualTo(Path.Combine(folder, "trips-02.predictions.parquet")));
        float[] written = await ReadScoresAsync(result.PredictionsPath!);
        Assert.Multiple(() =>
        {
            Assert.That(result.Rows, Is.EqualTo(expected.Length));
            Assert.That(written, Is.EqualTo(expected).Within(1e-5f));
        });
    }

    [Test]
    public async Task PredictShardAsync_ShardMissingColumn_ThrowsNamingFileAndColumn()
    {
        string path = Path.Combine(TestData.NewFolder("nocol"), "no-tolls.parquet");
        await BadShards.WriteAsync(path, TipFeatureColumns.InputColumns.Where(f => f.Name != TaxiColumns.TollsAmount).ToArray());

        var error = await Assert.ThrowsAsync<ShardFormatException>(() => BatchInference.PredictShardAsync(Model, path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("'tolls_amount'").And.Contain("no such column"));
    }

    [Test]
    public async Task PredictShardAsync_WrongColumnType_ThrowsNamingFileAndColumn()
    {
        string path = Path.Combine(TestData.NewFolder("badtype"), "long-passengers.parquet");
        DataField[] fields = TipFeatureColumns.InputColumns
            .Select(f => f.Name == TaxiColumns.PassengerCount ? new DataField<long>(TaxiColumns.PassengerCount) : f)
            .ToArray();
        await BadShards.WriteAsync(path, fields);

        var error = await Assert.ThrowsAsync<ShardFormatException>(() => BatchInference.PredictShardAsync(Model, path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("'passenger_count'").And.Contain("expected a non-null int32 column").And.Contain("Int64"));
    }

    [Test]
    public async Task PredictShardAsync_ModelOfOtherWidth_ThrowsNamingModelTensorAndShapes()
    {
        float[] four = [0, 0, 0, 0];
        float[] ones = [1, 1, 1, 1];
        OnnxModel narrow = OnnxModel.FromBytes(TipModelGraph.Build(four, ones, ones, 0f), "narrow.onnx");

        var error = await Assert.ThrowsAsync<ModelFormatException>(() => BatchInference.PredictShardAsync(narrow, TestData.DataSet.ShardPaths[0]));

        Assert.Multiple(() =>
        {
            Assert.That(error!.FilePath, Is.EqualTo("narrow.onnx"));
            Assert.That(error.Element, Is.EqualTo("features"));
            Assert.That(error.Message, Is.EqualTo("'narrow.onnx', 'features': expected input float[N, 6], but found shape [?, 4]."));
        });
    }

    [Test]
    public async Task PredictShardAsync_OneBadShardAmongGoodOnes_OthersComplete()
    {
        string bad = Path.Combine(TestData.NewFolder("mixed"), "trips-bad.parquet");
        await File.WriteAllTextAsync(bad, "not parquet");
        string[] shards = [TestData.DataSet.ShardPaths[0], bad, TestData.DataSet.ShardPaths[1]];

        Task<ShardPrediction>[] tasks = shards.Select(s => Task.Run(() => BatchInference.PredictShardAsync(Model, s))).ToArray();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (ShardFormatException)
        {
            // Inspected per task below.
        }

        Assert.Multiple(() =>
        {
            Assert.That(tasks[0].Status, Is.EqualTo(TaskStatus.RanToCompletion));
            Assert.That(tasks[0].Result.Rows, Is.EqualTo(TestData.DataSet.RowCounts[0]));
            Assert.That(tasks[1].Exception!.InnerException, Is.TypeOf<ShardFormatException>().With.Message.Contains(bad));
            Assert.That(tasks[2].Status, Is.EqualTo(TaskStatus.RanToCompletion));
            Assert.That(tasks[2].Result.Rows, Is.EqualTo(TestData.DataSet.RowCounts[1]));
        });
    }

    [Test]
    public void PredictShard_ZeroBatchSize_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchInference.PredictShard(Model, TestData.DataSet.ShardPaths[0], new InferenceOptions { BatchSize = 0 }));
    }

    /// <summary>The C# reference: every row of the shard through <see cref="TipModel.Predict"/>.</summary>
    internal static async Task<float[]> ReferenceScoresAsync(string shard)
    {
        await using var reader = await TaxiShardReader.OpenAsync(shard, TipFeatureColumns.InputColumns, CancellationToken.None);
        using var columns = new TipFeatureColumns();
        var scores = new List<float>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            await columns.LoadAsync(reader, g, CancellationToken.None);
            var features = new float[columns.Rows * TipModel.FeatureCount];
            columns.Assemble(0, columns.Rows, features);
            var groupScores = new float[columns.Rows];
            TipModel.Default.Predict(features, groupScores);
            scores.AddRange(groupScores);
        }

        return [.. scores];
    }

    private static async Task<float[]> ReadScoresAsync(string path)
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(path);
        DataField field = reader.Schema.DataFields.Single(f => f.Name == "tip_probability");
        var scores = new List<float>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            var values = new float[reader.RowGroups[g].RowCount];
            await reader.RowGroups[g].ReadAsync<float>(field, values);
            scores.AddRange(values);
        }

        return [.. scores];
    }
}
