using GpuRay.Inference.Models;
using Microsoft.ML.OnnxRuntime;

namespace GpuRay.Inference.Tests.Models;

public sealed class TipModelTests
{
    [Test]
    public void ToOnnx_RunInOnnxRuntime_MatchesReferenceWithin1e5()
    {
        TipModel model = TipModel.Default;
        const int Rows = 1_000;
        var random = new Random(11);
        var features = new float[Rows * TipModel.FeatureCount];
        for (int i = 0; i < features.Length; i++)
        {
            features[i] = (float)(random.NextDouble() * 40) - 5f;
        }

        var expected = new float[Rows];
        model.Predict(features, expected);
        using var session = new InferenceSession(model.ToOnnx());
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(features, [Rows, TipModel.FeatureCount]);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, [TipModel.InputName], [input], [TipModel.OutputName]);

        Assert.That(outputs[0].GetTensorTypeAndShape().Shape, Is.EqualTo(new long[] { Rows, 1 }));
        Assert.That(outputs[0].GetTensorDataAsSpan<float>().ToArray(), Is.EqualTo(expected).Within(1e-5f));
    }

    [Test]
    public void ToOnnx_Graph_HasDynamicBatchAndSixFeatures()
    {
        using var session = new InferenceSession(TipModel.Default.ToOnnx());

        NodeMetadata input = session.InputMetadata[TipModel.InputName];
        NodeMetadata output = session.OutputMetadata[TipModel.OutputName];
        Assert.Multiple(() =>
        {
            Assert.That(input.Dimensions, Is.EqualTo(new[] { -1, 6 }));
            Assert.That(input.SymbolicDimensions[0], Is.EqualTo("N"));
            Assert.That(output.Dimensions, Is.EqualTo(new[] { -1, 1 }));
        });
    }

    [Test]
    public async Task TrainAsync_SameShardTwice_GivesIdenticalModelThatFavoursCardPayments()
    {
        TipModel first = await TipModel.TrainAsync(TestData.DataSet.ShardPaths[0], iterations: 50);
        TipModel second = await TipModel.TrainAsync(TestData.DataSet.ShardPaths[0], iterations: 50);

        Assert.Multiple(() =>
        {
            Assert.That(second.Weights, Is.EqualTo(first.Weights));
            Assert.That(second.Means, Is.EqualTo(first.Means));
            Assert.That(second.Scales, Is.EqualTo(first.Scales));
            Assert.That(second.Bias, Is.EqualTo(first.Bias));
            int isCard = TipModel.FeatureNames.ToList().IndexOf("is_card");
            Assert.That(first.Weights[isCard], Is.GreaterThan(1f));
            Assert.That(first.Weights.Select(Math.Abs).Max(), Is.EqualTo(Math.Abs(first.Weights[isCard])));
        });
    }

    [Test]
    public void Constructor_FiveWeights_ThrowsArgumentOutOfRange()
    {
        float[] five = [1, 1, 1, 1, 1];
        float[] six = [1, 1, 1, 1, 1, 1];

        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new TipModel(six, six, five, 0f));
    }

    [Test]
    public void Predict_WrongFeatureLength_ThrowsArgument()
    {
        var error = Assert.Throws<ArgumentException>(() => TipModel.Default.Predict(new float[10], new float[2]));

        Assert.That(error!.Message, Does.Contain("Expected 2 rows of 6 features (12 values); got 10 values."));
    }
}
