using System.Globalization;
using GpuRay.Workloads.Images;

namespace GpuRay.Cli.Bench;

/// <summary>
/// Image transforms: generate (once) and load the images into the object store, then per batch size transform the
/// first N serially and as one task per image; then the ILGPU kernels on the device.
/// </summary>
internal sealed class ImagesBench : IBenchWorkload
{
    /// <summary>On ILGPU's CPU accelerator the GPU row uses a few small images: a 121-tap blur per simulated thread is slow.</summary>
    internal const int FallbackImages = 2;

    internal const int FallbackWidth = 320;

    internal const int FallbackHeight = 240;

    public string Name => "images";

    public string Title => "Image transforms";

    public string Unit => "MP/s";

    public int CountItems(BenchContext context)
    {
        BenchPlan plan = context.Plan;
        int perMode = plan.Batches.Sum();
        int phases = (plan.Serial ? 1 : 0) + (plan.Parallel ? 1 : 0);
        return plan.ImageCount + (perMode * phases) + (context.HasGpu ? GpuImageCount(context) : 0);
    }

    public void Run(BenchContext context, WorkloadReport report, IWorkloadProgress progress)
    {
        BenchPlan plan = context.Plan;
        var datasetOptions = new ImageDatasetOptions { Count = plan.ImageCount, BaseWidth = plan.ImageWidth, BaseHeight = plan.ImageHeight };
        (ImageDataset dataset, double generateSeconds) = BenchContext.Time(
            progress, "preparing images", () => ImageDatasetGenerator.Generate(DatasetFolder(plan, datasetOptions), datasetOptions));
        report.Notes.Add(dataset.Reused
            ? $"{plan.ImageCount} images of {plan.ImageWidth}x{plan.ImageHeight} and up reused from {dataset.Folder}."
            : string.Create(CultureInfo.InvariantCulture, $"{plan.ImageCount} images of {plan.ImageWidth}x{plan.ImageHeight} and up generated in {generateSeconds:F1} s into {dataset.Folder} (cached for later runs)."));

        (IReadOnlyList<ImageRef> images, double loadSeconds) = BenchContext.Time(progress, "loading into the object store", () => Load(context, dataset.Files, progress));
        report.Notes.Add(string.Create(
            CultureInfo.InvariantCulture, $"Decoded and Put {images.Count} images ({Megapixels(datasetOptions, images.Count):F0} MP) in {loadSeconds:F1} s, one task per file; every batch reuses them by ref."));

        TransformOptions options = TransformOptions.Default;
        ImageRef[] warmUp = [WarmUpImage(context)];
        _ = BenchContext.Time(progress, "warm-up", () => ImageTasks.TransformParallel(context.Ray, warmUp, options));
        foreach (int batch in plan.Batches)
        {
            ImageRef[] subset = [.. images.Take(batch)];
            double? serial = null;
            double? parallel = null;
            IReadOnlyList<ImageBatchItem>? items = null;
            if (plan.Serial)
            {
                (items, double seconds) = BenchContext.Time(
                    progress, $"batch {batch} serial", () => ImageTasks.TransformSerial(context.Ray, subset, options, _ => progress.Advance()));
                serial = seconds;
            }

            if (plan.Parallel)
            {
                (IReadOnlyList<ImageBatchItem> parallelItems, double seconds) = BenchContext.Time(
                    progress, $"batch {batch} parallel", () => ImageTasks.TransformParallel(context.Ray, subset, options, onItemDone: _ => progress.Advance()));
                parallel = seconds;
                if (items is not null && !Checksums(items).SequenceEqual(Checksums(parallelItems)))
                {
                    report.Fail($"Image transforms: batch {batch} gave different checksums serial and parallel.");
                }

                items = parallelItems;
            }

            AddItemErrors(report, items!, batch);
            report.Rows.Add(Row(context, $"batch {batch}", "cpu", context.CpuLabel, items!, Megapixels(datasetOptions, batch)) with
            {
                SerialSeconds = serial,
                ParallelSeconds = parallel,
            });
        }

        if (context.Device is DeviceSummary device)
        {
            RunOnGpu(context, report, progress, device, images, datasetOptions);
        }
    }

    private static void RunOnGpu(
        BenchContext context, WorkloadReport report, IWorkloadProgress progress, DeviceSummary device, IReadOnlyList<ImageRef> images, ImageDatasetOptions cpuDataset)
    {
        BenchPlan plan = context.Plan;
        int count = GpuImageCount(context);
        ImageDatasetOptions datasetOptions = cpuDataset;
        IReadOnlyList<ImageRef> subset = [.. images.Take(count)];
        double? baseline = null;
        if (device.IsFallback)
        {
            datasetOptions = new ImageDatasetOptions
            {
                Count = count,
                BaseWidth = Math.Min(FallbackWidth, plan.ImageWidth),
                BaseHeight = Math.Min(FallbackHeight, plan.ImageHeight),
            };
            ImageDataset small = ImageDatasetGenerator.Generate(DatasetFolder(plan, datasetOptions), datasetOptions);
            subset = Load(context, small.Files, progress: null);
            report.Notes.Add($"GPU row on the CPU fallback: {count} images of {datasetOptions.BaseWidth}x{datasetOptions.BaseHeight} and up (ILGPU's CPU accelerator is slow); no speedup is given.");
        }

        ImageRef[] warmUp = [WarmUpImage(context)];
        _ = BenchContext.Time(
            progress, "GPU warm-up (kernel compile)", () => ImageTasks.TransformParallel(context.Ray, warmUp, TransformOptions.Default, onGpu: true));
        (IReadOnlyList<ImageBatchItem> items, double seconds) = BenchContext.Time(
            progress, $"GPU batch {count}", () => ImageTasks.TransformParallel(context.Ray, subset, TransformOptions.Default, onGpu: true, onItemDone: _ => progress.Advance()));
        AddItemErrors(report, items, count);
        if (!device.IsFallback)
        {
            baseline = report.Rows.LastOrDefault(r => r.Items == count && r.SerialSeconds is not null)?.SerialSeconds;
        }

        report.Rows.Add(Row(context, $"GPU batch {count}", "gpu", device.Label, items, Megapixels(datasetOptions, count)) with
        {
            ParallelSeconds = seconds,
            BaselineSeconds = baseline,
        });
    }

    /// <summary>A small image in the store, so that JIT and kernel compiles are not timed as transform work.</summary>
    private static ImageRef WarmUpImage(BenchContext context)
    {
        const int Side = 64;
        byte[] pixels = new byte[Side * Side * RgbaImage.BytesPerPixel];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i * 31);
        }

        return new ImageRef("warm-up", context.Ray.Put(RgbaImage.Create("warm-up", Side, Side, pixels)));
    }

    private static int GpuImageCount(BenchContext context) =>
        context.Device is { IsFallback: true } ? Math.Min(FallbackImages, context.Plan.ImageCount) : context.Plan.Batches.Max();

    private static ImageRef[] Load(BenchContext context, IReadOnlyList<string> files, IWorkloadProgress? progress)
    {
        ImageRef[] refs = [.. ImageTasks.LoadParallel(context.Ray, files)];
        foreach (Objects.ObjectRef<RgbaImage> _ in context.Ray.AsCompleted(refs.Select(r => r.Image)))
        {
            progress?.Advance();
        }

        return refs;
    }

    private static string DatasetFolder(BenchPlan plan, ImageDatasetOptions options) => Path.Combine(
        plan.DataDirectory, "images", string.Create(CultureInfo.InvariantCulture, $"{options.BaseWidth}x{options.BaseHeight}-n{options.Count}-s{options.Seed}"));

    private static double Megapixels(ImageDatasetOptions options, int count) =>
        Enumerable.Range(0, count).Sum(i =>
        {
            (int w, int h) = ImageDatasetGenerator.SizeOf(options, i);
            return (double)w * h;
        }) / 1e6;

    private static ulong[] Checksums(IEnumerable<ImageBatchItem> items) =>
        [.. items.Select(i => i.Result is null ? 0UL : i.Result.ThumbnailChecksum ^ i.Result.TensorProductChecksum)];

    private static void AddItemErrors(WorkloadReport report, IEnumerable<ImageBatchItem> items, int batch)
    {
        foreach (ImageBatchItem item in items.Where(i => !i.Succeeded))
        {
            report.Fail($"Image transforms, batch {batch}: {Path.GetFileName(item.FilePath)}: {item.Error!.Message}", item.Error);
        }
    }

    private static BenchRow Row(BenchContext context, string label, string variant, string device, IReadOnlyList<ImageBatchItem> items, double megapixels)
    {
        TransformResult[] results = [.. items.Where(i => i.Result is not null).Select(i => i.Result!)];
        ulong combined = 14695981039346656037UL;
        foreach (TransformResult result in results)
        {
            combined = unchecked((combined ^ result.ThumbnailChecksum) * 1099511628211UL);
        }

        return new BenchRow
        {
            Label = label,
            Variant = variant,
            Device = device,
            Items = items.Count,
            Work = megapixels,
            CoresUsed = Math.Min(items.Count, context.Cores),
            Result = string.Create(CultureInfo.InvariantCulture, $"{results.Length}/{items.Count} ok, thumbs #{combined >> 32:x8}"),
            Details = new Dictionary<string, object?>
            {
                ["images"] = items.Count,
                ["succeeded"] = results.Length,
                ["megapixels"] = megapixels,
                ["thumbnailChecksum"] = $"0x{combined:x16}",
                ["items"] = items.Select(i => new Dictionary<string, object?>
                {
                    ["file"] = Path.GetFileName(i.FilePath),
                    ["width"] = i.Result?.Width,
                    ["height"] = i.Result?.Height,
                    ["augmentation"] = i.Result?.Augmentation,
                    ["tensorSum"] = i.Result?.TensorSum,
                    ["thumbnailChecksum"] = i.Result is null ? null : $"0x{i.Result.ThumbnailChecksum:x16}",
                    ["error"] = i.Error?.Message,
                }).ToArray(),
            },
        };
    }
}
