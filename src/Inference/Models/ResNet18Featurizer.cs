using System.Buffers;
using System.Collections.Concurrent;
using GpuRay.Inference.Execution;
using Microsoft.ML.OnnxRuntime;

namespace GpuRay.Inference.Models;

/// <summary>
/// Image features from ResNet18 (the ONNX files of <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> 0.23.1): resize
/// to 224x224, planar BGR in 0..255, mean-image subtraction inside the graph, 512 features per image.
/// </summary>
/// <remarks>
/// This ResNet18 is CNTK's, not torchvision's: it was trained on mean-image-subtracted BGR pixels, not on ImageNet
/// mean/std-normalised RGB, so the shipped preprocessing is reproduced rather than the usual normalisation.
/// </remarks>
public static class ResNet18Featurizer
{
    /// <summary>The side of the square input image.</summary>
    public const int ImageSize = 224;

    /// <summary>Features per image.</summary>
    public const int FeatureCount = 512;

    /// <summary>The ResNet18 file's name in the model folder.</summary>
    public const string ModelFileName = "ResNet18.onnx";

    /// <summary>The preprocessing model's file name in the model folder (the source of the mean image).</summary>
    public const string PreprocessFileName = "ResNetPreprocess.onnx";

    private static readonly ConcurrentDictionary<string, Lazy<OnnxModel>> Models = new(StringComparer.Ordinal);

    /// <summary>The folder the build copies the two ONNX files to: <c>Models/</c> next to the application.</summary>
    public static string DefaultModelDirectory => Path.Combine(AppContext.BaseDirectory, "Models");

    /// <summary>
    /// The composed featurizer model: float[N, 3, 224, 224] BGR pixels in 0..255 in, float[N, 512, 1, 1] out.
    /// Composed once per folder and process; put it in the object store once and pass it by reference.
    /// </summary>
    /// <param name="directory">The folder that holds both ONNX files; <see langword="null"/> for <see cref="DefaultModelDirectory"/>.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ModelFormatException">A file is missing or not the expected ONNX model.</exception>
    public static OnnxModel LoadModel(string? directory = null)
    {
        string folder = Path.GetFullPath(directory ?? DefaultModelDirectory);
        Lazy<OnnxModel> lazy = Models.GetOrAdd(folder, f => new Lazy<OnnxModel>(() => Compose(f)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Models.TryRemove(new KeyValuePair<string, Lazy<OnnxModel>>(folder, lazy));
            throw;
        }
    }

    /// <summary>Resizes one image and writes it as the model's input: planar B, G, R floats in 0..255.</summary>
    /// <param name="pixels">Row-major RGBA (4 bytes a pixel) or RGB (3 bytes a pixel).</param>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    /// <param name="destination">Room for 3 x 224 x 224 floats.</param>
    public static void Preprocess(ReadOnlySpan<byte> pixels, int width, int height, Span<float> destination) =>
        ImagePreprocessor.ToPlanarBgr(pixels, width, height, ImageSize, destination);

    /// <summary>The 512 features of one image.</summary>
    /// <param name="model">The model from <see cref="LoadModel"/>.</param>
    /// <param name="pixels">Row-major RGBA or RGB pixels.</param>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    /// <param name="options">How to run; <see langword="null"/> for the defaults (CPU, one thread).</param>
    /// <returns>The features.</returns>
    public static float[] Featurize(OnnxModel model, ReadOnlySpan<byte> pixels, int width, int height, InferenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new InferenceOptions();
        options.Validate();
        int perImage = 3 * ImageSize * ImageSize;
        float[] input = ArrayPool<float>.Shared.Rent(perImage);
        try
        {
            Preprocess(pixels, width, height, input);
            var features = new float[FeatureCount];
            Run(model, options, input, features, 1);
            return features;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
        }
    }

    /// <summary>The 512 features of each image, run in batches of <see cref="InferenceOptions.ImageBatchSize"/>.</summary>
    /// <param name="model">The model from <see cref="LoadModel"/>.</param>
    /// <param name="images">The images; each may have its own size.</param>
    /// <param name="options">How to run; <see langword="null"/> for the defaults (CPU, one thread).</param>
    /// <returns>One feature array per image, in input order.</returns>
    public static float[][] FeaturizeBatch(OnnxModel model, IReadOnlyList<PixelBuffer> images, InferenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        options ??= new InferenceOptions();
        options.Validate();
        int perImage = 3 * ImageSize * ImageSize;
        int batch = Math.Min(options.ImageBatchSize, Math.Max(images.Count, 1));
        var result = new float[images.Count][];
        float[] input = ArrayPool<float>.Shared.Rent(batch * perImage);
        float[] output = ArrayPool<float>.Shared.Rent(batch * FeatureCount);
        try
        {
            for (int start = 0; start < images.Count; start += batch)
            {
                int n = Math.Min(batch, images.Count - start);
                for (int i = 0; i < n; i++)
                {
                    PixelBuffer image = images[start + i];
                    Preprocess(image.Pixels.Span, image.Width, image.Height, input.AsSpan(i * perImage, perImage));
                }

                Run(model, options, input, output, n);
                for (int i = 0; i < n; i++)
                {
                    result[start + i] = output.AsSpan(i * FeatureCount, FeatureCount).ToArray();
                }
            }

            return result;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
            ArrayPool<float>.Shared.Return(output);
        }
    }

    private static void Run(OnnxModel model, InferenceOptions options, float[] input, float[] output, int n)
    {
        CachedSession cached = SessionCache.Shared.GetOrCreate(model, options);
        var signature = ModelSignature.Check(cached.Session, model.Name, [3, ImageSize, ImageSize], [FeatureCount, 1, 1]);
        int perImage = 3 * ImageSize * ImageSize;
        using var runOptions = new RunOptions();
        for (int start = 0; start < n; start += signature.MaxBatch)
        {
            int m = Math.Min(signature.MaxBatch, n - start);
            using OrtValue x = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance, input.AsMemory(start * perImage, m * perImage), [m, 3, ImageSize, ImageSize]);
            using OrtValue y = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance, output.AsMemory(start * FeatureCount, m * FeatureCount), [m, FeatureCount, 1, 1]);
            cached.Session.Run(runOptions, [signature.InputName], [x], [signature.OutputName], [y]);
        }
    }

    private static OnnxModel Compose(string folder)
    {
        string resnet = Path.Combine(folder, ModelFileName);
        string prep = Path.Combine(folder, PreprocessFileName);
        foreach (string file in new[] { resnet, prep })
        {
            if (!File.Exists(file))
            {
                throw new ModelFormatException(
                    file, null, "the ONNX file copied from the Microsoft.ML.DnnImageFeaturizer.ResNet18 package", "no such file");
            }
        }

        byte[] composed = ResNet18Graph.Compose(File.ReadAllBytes(resnet), File.ReadAllBytes(prep), resnet, prep);
        return OnnxModel.FromBytes(composed, resnet);
    }
}
