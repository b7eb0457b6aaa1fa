using GpuRay.Errors;
using GpuRay.Gpu;
using GpuRay.Objects;
using GpuRay.Options;

namespace GpuRay.Workloads.Images;

/// <summary>
/// The image workload as the tutorial runs it: decode once into the object store, then transform the same images
/// serially or as one remote task per image, passing refs (so each image crosses no copy).
/// </summary>
/// <remarks>A file that fails to load or transform fails only its own item; the rest of the batch completes.</remarks>
public static class ImageTasks
{
    /// <summary>Decodes each file in a remote task (one CPU each); the images stay in the object store.</summary>
    /// <param name="ray">The runtime.</param>
    /// <param name="files">The files.</param>
    /// <param name="loadOptions">Limits for decoding; by default <see cref="ImageLoadOptions.Default"/> (one thread per task).</param>
    /// <returns>One ref per file, in order; a bad file's ref fails with an <see cref="ImageLoadException"/> naming it.</returns>
    public static IReadOnlyList<ImageRef> LoadParallel(GpuRayRuntime ray, IReadOnlyList<string> files, ImageLoadOptions? loadOptions = null)
    {
        ArgumentNullException.ThrowIfNull(ray);
        ArgumentNullException.ThrowIfNull(files);
        ImageLoadOptions limits = loadOptions ?? ImageLoadOptions.Default;
        limits.Validate();
        var load = ray.Remote<string, RgbaImage>(file => ImageIo.Load(file, limits), name: "GpuRay.Workloads.Images.ImageIo.Load");
        return [.. files.Select(file => new ImageRef(file, load.Remote(file)))];
    }

    /// <summary>Transforms the images one after another on the calling thread, from the same store objects.</summary>
    /// <param name="ray">The runtime that holds the images.</param>
    /// <param name="images">The images.</param>
    /// <param name="options">The transform steps.</param>
    /// <param name="onItemDone">Called with each item as it finishes.</param>
    /// <returns>One item per image, in order.</returns>
    public static IReadOnlyList<ImageBatchItem> TransformSerial(
        GpuRayRuntime ray, IReadOnlyList<ImageRef> images, TransformOptions options, Action<ImageBatchItem>? onItemDone = null)
    {
        ArgumentNullException.ThrowIfNull(ray);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var items = new List<ImageBatchItem>(images.Count);
        foreach (ImageRef image in images)
        {
            ImageBatchItem item;
            try
            {
                item = new ImageBatchItem { FilePath = image.FilePath, Result = ImageTransforms.Run(ray.Get(image.Image), options) };
            }
            catch (Exception ex) when (ex is GpuRayException or ImageLoadException or InvalidOperationException or ArgumentException)
            {
                item = new ImageBatchItem { FilePath = image.FilePath, Error = Unwrap(image.FilePath, ex) };
            }

            items.Add(item);
            onItemDone?.Invoke(item);
        }

        return items;
    }

    /// <summary>Transforms each image in its own remote task, which receives the image by ref.</summary>
    /// <param name="ray">The runtime that holds the images (started with <c>UseGpus</c> for <paramref name="onGpu"/>).</param>
    /// <param name="images">The images.</param>
    /// <param name="options">The transform steps.</param>
    /// <param name="onGpu">Run the ILGPU kernels on a GPU slot (a quarter device per task) instead of one CPU.</param>
    /// <param name="onItemDone">Called on the calling thread with each item as its task finishes.</param>
    /// <returns>One item per image, in order.</returns>
    public static IReadOnlyList<ImageBatchItem> TransformParallel(
        GpuRayRuntime ray,
        IReadOnlyList<ImageRef> images,
        TransformOptions options,
        bool onGpu = false,
        Action<ImageBatchItem>? onItemDone = null)
    {
        ArgumentNullException.ThrowIfNull(ray);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var transform = onGpu
            ? ray.Remote<RgbaImage, TransformResult>(
                image => ImageTransforms.RunOnGpu(GpuContext.Current.Accelerator, image, options),
                name: "GpuRay.Workloads.Images.ImageTransforms.RunOnGpu",
                options: new TaskOptions { NumGpus = 0.25, NumCpus = 0 })
            : ray.Remote<RgbaImage, TransformResult>(image => ImageTransforms.Run(image, options), name: "GpuRay.Workloads.Images.ImageTransforms.Run");
        ObjectRef<TransformResult>[] refs = [.. images.Select(image => transform.Remote(image.Image))];
        var byRef = new Dictionary<ObjectRef, ImageBatchItem>(ReferenceEqualityComparer.Instance);
        foreach (ObjectRef<TransformResult> done in ray.AsCompleted(refs))
        {
            string file = images[Array.IndexOf(refs, done)].FilePath;
            ImageBatchItem item;
            try
            {
                item = new ImageBatchItem { FilePath = file, Result = ray.Get(done) };
            }
            catch (GpuRayException ex)
            {
                item = new ImageBatchItem { FilePath = file, Error = Unwrap(file, ex) };
            }

            byRef[done] = item;
            onItemDone?.Invoke(item);
        }

        return [.. refs.Select(r => byRef[r])];
    }

    /// <summary>The error to show for an item: the load error as it is (it names the file), else one that names the file.</summary>
    private static Exception Unwrap(string file, Exception error) => error switch
    {
        ImageLoadException load => load,
        TaskFailedException when error.GetBaseException() is ImageLoadException load => load,
        TaskCancelledException => error,
        _ => new InvalidOperationException($"Transforming image '{file}' failed: {(error.InnerException ?? error).Message}", error),
    };
}
