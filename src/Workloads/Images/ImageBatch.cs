using ILGPU.Runtime;

namespace GpuRay.Workloads.Images;

/// <summary>Loads and transforms a list of files one by one; a bad file fails only its own item.</summary>
public static class ImageBatch
{
    /// <summary>Loads and transforms each file on the CPU.</summary>
    /// <param name="files">The files, in order.</param>
    /// <param name="options">The transform steps.</param>
    /// <param name="loadOptions">Limits for loading.</param>
    /// <returns>One item per file, in the order of <paramref name="files"/>.</returns>
    /// <remarks>
    /// Load failures (<see cref="ImageLoadException"/>) and transform failures are caught per item and returned as
    /// its error; the message names the file. Invalid options throw before any file is read.
    /// </remarks>
    public static IReadOnlyList<ImageBatchItem> Run(IEnumerable<string> files, TransformOptions options, ImageLoadOptions loadOptions) =>
        RunCore(files, options, loadOptions, image => ImageTransforms.Run(image, options));

    /// <summary>Loads each file on the CPU and transforms it with ILGPU kernels on <paramref name="accelerator"/>.</summary>
    /// <param name="accelerator">The accelerator to run on.</param>
    /// <param name="files">The files, in order.</param>
    /// <param name="options">The transform steps.</param>
    /// <param name="loadOptions">Limits for loading.</param>
    /// <returns>One item per file, in the order of <paramref name="files"/>.</returns>
    public static IReadOnlyList<ImageBatchItem> RunOnGpu(
        Accelerator accelerator, IEnumerable<string> files, TransformOptions options, ImageLoadOptions loadOptions)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        return RunCore(files, options, loadOptions, image => ImageTransforms.RunOnGpu(accelerator, image, options));
    }

    private static List<ImageBatchItem> RunCore(
        IEnumerable<string> files, TransformOptions options, ImageLoadOptions loadOptions, Func<RgbaImage, TransformResult> transform)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loadOptions);
        options.Validate();
        loadOptions.Validate();
        var items = new List<ImageBatchItem>();
        foreach (string file in files)
        {
            try
            {
                RgbaImage image = ImageIo.Load(file, loadOptions);
                items.Add(new ImageBatchItem { FilePath = file, Result = transform(image) });
            }
            catch (ImageLoadException ex)
            {
                items.Add(new ImageBatchItem { FilePath = file, Error = ex });
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or ArgumentException or OutOfMemoryException
                                           or AcceleratorException)
            {
                items.Add(new ImageBatchItem
                {
                    FilePath = file,
                    Error = new InvalidOperationException($"Transforming image '{file}' failed: {ex.Message}", ex),
                });
            }
        }

        return items;
    }
}
