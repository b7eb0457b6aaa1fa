using System.Buffers;
using System.Diagnostics;
using GpuRay.Inference.Data;
using GpuRay.Inference.Models;
using Microsoft.ML.OnnxRuntime;
using Parquet;
using Parquet.Schema;

namespace GpuRay.Inference.Execution;

/// <summary>
/// The batch-inference task body: score one taxi shard with a tabular model such as <see cref="TipModel"/>.
/// Plain static methods over plain inputs, so that the runtime can run one per shard as a remote task.
/// </summary>
public static class BatchInference
{
    private static readonly DataField<float> ScoreField = new("tip_probability");
    private static readonly DataField<bool> PredictedField = new("tip_predicted");

    /// <summary>Scores every row of one shard; see <see cref="PredictShardAsync(OnnxModel, string, InferenceOptions?, CancellationToken)"/>.</summary>
    /// <param name="model">The model, float[N, 6] in and float[N, 1] out (see <see cref="TipModel.FeatureNames"/>).</param>
    /// <param name="shardPath">The Parquet shard.</param>
    /// <param name="options">How to run; <see langword="null"/> for the defaults (CPU, one thread).</param>
    /// <returns>The shard's summary.</returns>
    /// <exception cref="ShardFormatException">The shard is missing, not Parquet, truncated, or has a missing or mistyped column.</exception>
    /// <exception cref="ModelFormatException">The model cannot be loaded or its tensors do not have that shape.</exception>
    public static ShardPrediction PredictShard(OnnxModel model, string shardPath, InferenceOptions? options = null) =>
        PredictShardAsync(model, shardPath, options, SessionCache.Shared, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>
    /// Scores every row of one shard: reads the feature columns row group by row group into pooled buffers, runs the
    /// model in chunks of <see cref="InferenceOptions.BatchSize"/> rows on the cached session for (model, device),
    /// and returns rows, positive predictions and the mean score.
    /// </summary>
    /// <param name="model">The model, float[N, 6] in and float[N, 1] out (see <see cref="TipModel.FeatureNames"/>).</param>
    /// <param name="shardPath">The Parquet shard.</param>
    /// <param name="options">How to run; <see langword="null"/> for the defaults (CPU, one thread).</param>
    /// <param name="cancellationToken">Stops between chunks.</param>
    /// <returns>The shard's summary.</returns>
    /// <remarks>
    /// Copies on the input path: Parquet decodes each column into a pooled buffer; one pass assembles the chunk's
    /// row-major feature matrix into a pooled float buffer; ONNX Runtime reads that buffer in place (no copy on the
    /// CPU provider; one host-to-device copy on CUDA) and writes the scores in place into a pooled buffer.
    /// </remarks>
    /// <exception cref="ShardFormatException">The shard is missing, not Parquet, truncated, or has a missing or mistyped column.</exception>
    /// <exception cref="ModelFormatException">The model cannot be loaded or its tensors do not have that shape.</exception>
    public static Task<ShardPrediction> PredictShardAsync(OnnxModel model, string shardPath, InferenceOptions? options = null, CancellationToken cancellationToken = default) =>
        PredictShardAsync(model, shardPath, options, SessionCache.Shared, cancellationToken);

    internal static async Task<ShardPrediction> PredictShardAsync(
        OnnxModel model, string shardPath, InferenceOptions? options, SessionCache cache, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(shardPath);
        options ??= new InferenceOptions();
        options.Validate();

        var stopwatch = Stopwatch.StartNew();
        int f = TipFeatureColumns.FeatureCount;
        CachedSession cached = cache.GetOrCreate(model, options);
        var signature = ModelSignature.Check(cached.Session, model.Name, [f], [1]);
        int batch = Math.Min(options.BatchSize, signature.MaxBatch);

        var reader = await TaxiShardReader.OpenAsync(shardPath, TipFeatureColumns.InputColumns, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            string? predictionsPath = options.WritePredictions ? PredictionsPathFor(shardPath) : null;
            PredictionSink? sink = predictionsPath is null ? null : await PredictionSink.CreateAsync(predictionsPath, cancellationToken).ConfigureAwait(false);
            try
            {
                using var columns = new TipFeatureColumns();
                using var runOptions = new RunOptions();
                float[] features = ArrayPool<float>.Shared.Rent(Math.Min(batch, Math.Max(reader.MaxRowGroupRows, 1)) * f);
                float[] scores = ArrayPool<float>.Shared.Rent(Math.Max(reader.MaxRowGroupRows, 1));
                string[] inputNames = [signature.InputName];
                string[] outputNames = [signature.OutputName];
                long rows = 0;
                long positives = 0;
                double scoreSum = 0;
                try
                {
                    for (int g = 0; g < reader.RowGroupCount; g++)
                    {
                        await columns.LoadAsync(reader, g, cancellationToken).ConfigureAwait(false);
                        for (int start = 0; start < columns.Rows; start += batch)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            int n = Math.Min(batch, columns.Rows - start);
                            columns.Assemble(start, n, features);
                            using OrtValue input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, features.AsMemory(0, n * f), [n, f]);
                            using OrtValue output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, scores.AsMemory(start, n), [n, 1]);
                            cached.Session.Run(runOptions, inputNames, [input], outputNames, [output]);
                        }

                        Span<float> groupScores = scores.AsSpan(0, columns.Rows);
                        foreach (float s in groupScores)
                        {
                            scoreSum += s;
                            positives += s >= options.Threshold ? 1 : 0;
                        }

                        rows += columns.Rows;
                        if (sink is not null)
                        {
                            await sink.WriteAsync(scores.AsMemory(0, columns.Rows), options.Threshold, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(features);
                    ArrayPool<float>.Shared.Return(scores);
                }

                return new ShardPrediction(
                    shardPath, rows, positives, rows == 0 ? 0 : scoreSum / rows, cached.Provider, stopwatch.Elapsed, predictionsPath);
            }
            finally
            {
                if (sink is not null)
                {
                    await sink.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    internal static string PredictionsPathFor(string shardPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(shardPath))!, Path.GetFileNameWithoutExtension(shardPath) + ".predictions.parquet");

    /// <summary>Writes one predictions row group per shard row group.</summary>
    private sealed class PredictionSink : IAsyncDisposable
    {
        private readonly FileStream _stream;
        private readonly ParquetWriter _writer;
        private bool[] _predicted = [];

        private PredictionSink(FileStream stream, ParquetWriter writer)
        {
            _stream = stream;
            _writer = writer;
        }

        public static async Task<PredictionSink> CreateAsync(string path, CancellationToken cancellationToken)
        {
            var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true);
            try
            {
                var schema = new ParquetSchema(ScoreField, PredictedField);
                ParquetWriter writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                return new PredictionSink(stream, writer);
            }
            catch
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        public async Task WriteAsync(ReadOnlyMemory<float> scores, float threshold, CancellationToken cancellationToken)
        {
            if (_predicted.Length < scores.Length)
            {
                _predicted = new bool[scores.Length];
            }

            for (int i = 0; i < scores.Length; i++)
            {
                _predicted[i] = scores.Span[i] >= threshold;
            }

            using ParquetRowGroupWriter group = _writer.CreateRowGroup();
            await group.WriteAsync(ScoreField, scores, cancellationToken: cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<bool>(PredictedField, _predicted.AsMemory(0, scores.Length), cancellationToken: cancellationToken).ConfigureAwait(false);
            group.CompleteValidate();
        }

        public async ValueTask DisposeAsync()
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
