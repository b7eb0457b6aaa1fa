using GpuRay.Inference.Data;

namespace GpuRay.Inference.Models;

/// <summary>
/// Logistic regression that predicts whether a taxi trip is tipped, from
/// <see cref="FeatureNames"/> standardized inside the model. It exports itself as a real ONNX graph
/// (Sub, Div, MatMul, Add, Sigmoid) and computes the same function in C# as a reference.
/// </summary>
/// <remarks>The ONNX input is float[N, <see cref="FeatureCount"/>] with a dynamic batch N; the output is the tip
/// probability, float[N, 1].</remarks>
public sealed class TipModel
{
    private readonly float[] _means;
    private readonly float[] _scales;
    private readonly float[] _weights;

    /// <summary>Creates the model from its parameters.</summary>
    /// <param name="means">Per-feature means subtracted before scaling.</param>
    /// <param name="scales">Per-feature standard deviations (divisors); each must be positive.</param>
    /// <param name="weights">Per-feature weights of the standardized features.</param>
    /// <param name="bias">The intercept.</param>
    public TipModel(IReadOnlyList<float> means, IReadOnlyList<float> scales, IReadOnlyList<float> weights, float bias)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(scales);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfNotEqual(means.Count, FeatureCount);
        ArgumentOutOfRangeException.ThrowIfNotEqual(scales.Count, FeatureCount);
        ArgumentOutOfRangeException.ThrowIfNotEqual(weights.Count, FeatureCount);
        if (scales.Any(s => !(s > 0f)))
        {
            throw new ArgumentOutOfRangeException(nameof(scales), $"Scales must be positive; got [{string.Join(", ", scales)}].");
        }

        _means = [.. means];
        _scales = [.. scales];
        _weights = [.. weights];
        Bias = bias;
    }

    /// <summary>The input features, in column order: trip_distance, passenger_count, fare_amount, trip_minutes,
    /// is_card (1 for card payment, else 0), tolls_amount.</summary>
    public static IReadOnlyList<string> FeatureNames => TipFeatureColumns.FeatureNames;

    /// <summary>The width of the model's input.</summary>
    /// <value>6.</value>
    public static int FeatureCount => TipFeatureColumns.FeatureCount;

    /// <summary>The ONNX input tensor's name.</summary>
    public static string InputName => TipModelGraph.InputName;

    /// <summary>The ONNX output tensor's name.</summary>
    public static string OutputName => TipModelGraph.OutputName;

    /// <summary>Fixed, hand-set parameters that behave sensibly on the generated data (card payments tip).</summary>
    public static TipModel Default { get; } = new(
        [3.0f, 1.6f, 13f, 14f, 0.68f, 0.3f],
        [3.5f, 1.2f, 10f, 10f, 0.47f, 1.3f],
        [0.2f, -0.1f, 0.1f, 0.05f, 2.5f, 0.1f],
        0.5f);

    /// <summary>Per-feature means.</summary>
    public IReadOnlyList<float> Means => _means;

    /// <summary>Per-feature scales (standard deviations).</summary>
    public IReadOnlyList<float> Scales => _scales;

    /// <summary>Per-feature weights.</summary>
    public IReadOnlyList<float> Weights => _weights;

    /// <summary>The intercept.</summary>
    public float Bias { get; }

    /// <summary>
    /// Fits the model to one shard by full-batch gradient descent on the log loss (label: tip_amount &gt; 0), from
    /// zero weights, with means and scales taken from the shard. Deterministic: no random draws.
    /// </summary>
    /// <param name="shardPath">A taxi shard.</param>
    /// <param name="iterations">Gradient steps.</param>
    /// <param name="learningRate">Step size on the standardized features.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ShardFormatException">The shard cannot be read.</exception>
    public static async Task<TipModel> TrainAsync(string shardPath, int iterations = 100, float learningRate = 0.5f, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(shardPath);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);

        int f = FeatureCount;
        float[] x;
        float[] y;
        var reader = await TaxiShardReader.OpenAsync(shardPath, TipFeatureColumns.TrainingColumns, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            int rows = checked((int)reader.TotalRows);
            x = new float[rows * f];
            y = new float[rows];
            using var columns = new TipFeatureColumns(withLabels: true);
            int offset = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                await columns.LoadAsync(reader, g, cancellationToken).ConfigureAwait(false);
                columns.Assemble(0, columns.Rows, x.AsSpan(offset * f));
                columns.Labels(0, columns.Rows, y.AsSpan(offset));
                offset += columns.Rows;
            }
        }

        return Fit(x, y, iterations, learningRate);
    }

    /// <summary>The model as a serialized ONNX <c>ModelProto</c>.</summary>
    /// <returns>The ONNX bytes.</returns>
    public byte[] ToOnnx() => TipModelGraph.Build(_means, _scales, _weights, Bias);

    /// <summary>The model as an <see cref="OnnxModel"/>, ready to put in the object store.</summary>
    /// <param name="name">A name for errors and logs.</param>
    /// <returns>The ONNX model.</returns>
    public OnnxModel ToOnnxModel(string name = "tip-model") => OnnxModel.FromBytes(ToOnnx(), name);

    /// <summary>The reference computation: tip probabilities for a row-major [rows, FeatureCount] matrix.</summary>
    /// <param name="features">Row-major features.</param>
    /// <param name="probabilities">One output per row.</param>
    public void Predict(ReadOnlySpan<float> features, Span<float> probabilities)
    {
        int f = FeatureCount;
        if (features.Length != probabilities.Length * f)
        {
            throw new ArgumentException(
                $"Expected {probabilities.Length} rows of {f} features ({probabilities.Length * f} values); got {features.Length} values.", nameof(features));
        }

        for (int r = 0; r < probabilities.Length; r++)
        {
            ReadOnlySpan<float> row = features.Slice(r * f, f);
            float z = 0f;
            for (int j = 0; j < f; j++)
            {
                z += (row[j] - _means[j]) / _scales[j] * _weights[j];
            }

            probabilities[r] = 1f / (1f + MathF.Exp(-(z + Bias)));
        }
    }

    internal static TipModel Fit(float[] x, float[] y, int iterations, float learningRate)
    {
        int f = FeatureCount;
        int n = y.Length;
        var mean = new double[f];
        var m2 = new double[f];
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < f; j++)
            {
                mean[j] += x[(r * f) + j];
            }
        }

        for (int j = 0; j < f; j++)
        {
            mean[j] /= Math.Max(n, 1);
        }

        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < f; j++)
            {
                double d = x[(r * f) + j] - mean[j];
                m2[j] += d * d;
            }
        }

        float[] means = mean.Select(m => (float)m).ToArray();
        float[] scales = m2.Select(s => Math.Sqrt(s / Math.Max(n, 1)) is var sd && sd > 1e-6 ? (float)sd : 1f).ToArray();

        var z = new float[n * f];
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < f; j++)
            {
                z[(r * f) + j] = (x[(r * f) + j] - means[j]) / scales[j];
            }
        }

        var w = new double[f];
        double b = 0;
        var grad = new double[f];
        for (int it = 0; it < iterations; it++)
        {
            Array.Clear(grad);
            double gb = 0;
            for (int r = 0; r < n; r++)
            {
                double logit = b;
                for (int j = 0; j < f; j++)
                {
                    logit += z[(r * f) + j] * w[j];
                }

                double err = (1 / (1 + Math.Exp(-logit))) - y[r];
                gb += err;
                for (int j = 0; j < f; j++)
                {
                    grad[j] += err * z[(r * f) + j];
                }
            }

            for (int j = 0; j < f; j++)
            {
                w[j] -= learningRate * grad[j] / n;
            }

            b -= learningRate * gb / n;
        }

        return new TipModel(means, scales, w.Select(v => (float)v).ToArray(), (float)b);
    }
}
