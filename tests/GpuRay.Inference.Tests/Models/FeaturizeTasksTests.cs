using GpuRay.Inference.Execution;
using GpuRay.Inference.Models;
using GpuRay.Runtime;

namespace GpuRay.Inference.Tests.Models;

public sealed class FeaturizeTasksTests
{
    [Test]
    public async Task FeaturizeParallel_ThreeImagesInBatchesOfTwo_MatchesDirectFeaturesInOrder()
    {
        await using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 2 });
        OnnxModel model = ResNet18Featurizer.LoadModel();
        var random = new Random(3);
        PixelBuffer[] images = [.. Enumerable.Range(0, 3).Select(_ =>
        {
            var pixels = new byte[48 * 32 * 4];
            random.NextBytes(pixels);
            return new PixelBuffer(pixels, 48, 32);
        })];

        float[][] features = FeaturizeTasks.FeaturizeParallel(ray, model, images, batchSize: 2);

        Assert.That(features, Has.Length.EqualTo(3));
        for (int i = 0; i < images.Length; i++)
        {
            float[] direct = ResNet18Featurizer.Featurize(model, images[i].Pixels.Span, images[i].Width, images[i].Height);
            Assert.That(features[i], Is.EqualTo(direct).Within(1e-4f), $"image {i}");
        }

        Assert.That(ray.TaskCounts.Finished, Is.EqualTo(2));
    }
}
