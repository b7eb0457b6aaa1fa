using GpuRay.Inference.Models;
using GpuRay.Objects;

namespace GpuRay.Inference.Execution;

/// <summary>ResNet18 featurisation of many images: the model is put once, one remote task per batch of images.</summary>
public static class FeaturizeTasks
{
    /// <summary>Featurises the images in batches, each batch in its own task (one CPU each).</summary>
    /// <param name="ray">The runtime.</param>
    /// <param name="model">The ResNet18 model (<see cref="ResNet18Featurizer.LoadModel"/>).</param>
    /// <param name="images">RGBA or RGB pixel buffers.</param>
    /// <param name="batchSize">Images per task.</param>
    /// <param name="options">Inference options (one intra-op thread by default).</param>
    /// <returns>512 features per image, in the order of the images.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is not positive.</exception>
    /// <exception cref="Errors.TaskFailedException">A batch failed; the inner error names the image or tensor.</exception>
    public static float[][] FeaturizeParallel(
        GpuRayRuntime ray, OnnxModel model, IReadOnlyList<PixelBuffer> images, int batchSize = 4, InferenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ray);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ObjectRef<OnnxModel> modelRef = ray.Put(model);
        var featurize = ray.Remote<OnnxModel, PixelBuffer[], float[][]>(
            (m, batch) => ResNet18Featurizer.FeaturizeBatch(m, batch, options),
            name: "GpuRay.Inference.ResNet18Featurizer.FeaturizeBatch");
        ObjectRef<float[][]>[] refs = [.. images.Chunk(batchSize).Select(batch => featurize.Remote(modelRef, batch))];
        return [.. ray.Get(refs).SelectMany(features => features)];
    }
}
