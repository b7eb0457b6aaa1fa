using GpuRay.Inference.Models;
using Microsoft.ML.OnnxRuntime;

namespace GpuRay.Inference.Tests.Models;

public sealed class ResNet18FeaturizerTests
{
    private OnnxModel _model = null!;

    [OneTimeSetUp]
    public void LoadModel() => _model = ResNet18Featurizer.LoadModel();

    [Test]
    public void DefaultModelDirectory_TestOutput_HoldsBothOnnxFiles()
    {
        string folder = ResNet18Featurizer.DefaultModelDirectory;

        Assert.Multiple(() =>
        {
            Assert.That(new FileInfo(Path.Combine(folder, ResNet18Featurizer.ModelFileName)).Length, Is.GreaterThan(40_000_000));
            Assert.That(File.Exists(Path.Combine(folder, ResNet18Featurizer.PreprocessFileName)), Is.True);
        });
    }

    [Test]
    public void LoadModel_ComposedGraph_HasDynamicBatchAnd512Features()
    {
        using var session = new InferenceSession(_model.Bytes.ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(session.InputMetadata.Single().Value.Dimensions, Is.EqualTo(new[] { -1, 3, 224, 224 }));
            Assert.That(session.OutputMetadata.Single().Value.Dimensions, Is.EqualTo(new[] { -1, 512, 1, 1 }));
        });
    }

    [Test]
    public void Featurize_SameImageTwice_Returns512FiniteIdenticalFeatures()
    {
        byte[] image = TestImages.Rgba(320, 240, seed: 5);

        float[] first = ResNet18Featurizer.Featurize(_model, image, 320, 240);
        float[] second = ResNet18Featurizer.Featurize(_model, image, 320, 240);

        Assert.Multiple(() =>
        {
            Assert.That(first, Has.Length.EqualTo(512));
            Assert.That(first.All(float.IsFinite), Is.True);
            Assert.That(first.Count(v => v != 0f), Is.GreaterThan(0));
            Assert.That(second, Is.EqualTo(first));
        });
    }

    [Test]
    public void FeaturizeBatch_TwoImages_MatchesOneAtATime()
    {
        byte[] a = TestImages.Rgba(320, 240, seed: 5);
        byte[] b = TestImages.Rgba(200, 300, seed: 6);

        float[][] batch = ResNet18Featurizer.FeaturizeBatch(_model, [new PixelBuffer(a, 320, 240), new PixelBuffer(b, 200, 300)]);
        float[] single = ResNet18Featurizer.Featurize(_model, a, 320, 240);

        Assert.Multiple(() =>
        {
            Assert.That(batch, Has.Length.EqualTo(2));
            Assert.That(batch[0], Is.EqualTo(single).Within(1e-4f));
            Assert.That(batch[1], Is.Not.EqualTo(batch[0]));
        });
    }
}
