using System.Globalization;
using System.Text;

namespace GpuRay.Workloads.Images;

/// <summary>Writes a deterministic set of varied high-resolution PNG and JPEG files, or reuses one already there.</summary>
/// <remarks>
/// Each image has a linear gradient background, filled circles and rectangles, thick lines, and noise (over the
/// whole image for JPEG, over one patch for PNG, because noise makes PNG encoding slow). Sizes vary per index.
/// A manifest records the parameters and each file's length; a folder whose manifest matches is reused as it is.
/// The manifest is written last, so an interrupted run is regenerated.
/// </remarks>
public static class ImageDatasetGenerator
{
    /// <summary>The name of the manifest file in the dataset folder.</summary>
    public const string ManifestFileName = "manifest.txt";

    private const string FormatVersion = "gpuray-images v1";

    /// <summary>Generates the set into <paramref name="folder"/>, or reuses it when the manifest matches.</summary>
    /// <param name="folder">The target folder; created when missing.</param>
    /// <param name="options">The parameters.</param>
    /// <returns>The files and whether they were reused.</returns>
    public static ImageDataset Generate(string folder, ImageDatasetOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(folder);
        string header = Header(options);
        string manifestPath = Path.Combine(folder, ManifestFileName);
        string[] names = Enumerable.Range(0, options.Count).Select(FileName).ToArray();
        string[] paths = names.Select(n => Path.Combine(folder, n)).ToArray();
        if (IsCached(manifestPath, header, paths))
        {
            return new ImageDataset { Folder = folder, Files = paths, Reused = true };
        }

        File.Delete(manifestPath);
        var manifest = new StringBuilder().AppendLine(header);
        for (int i = 0; i < options.Count; i++)
        {
            RgbaImage image = ImagePainter.Paint(names[i], options, i);
            if (i % 2 == 0)
            {
                ImageIo.SavePng(image, paths[i]);
            }
            else
            {
                ImageIo.SaveJpeg(image, paths[i], options.JpegQuality);
            }

            manifest.Append(CultureInfo.InvariantCulture, $"{names[i]} {new FileInfo(paths[i]).Length}").AppendLine();
        }

        string temp = manifestPath + ".tmp";
        File.WriteAllText(temp, manifest.ToString());
        File.Move(temp, manifestPath, overwrite: true);
        return new ImageDataset { Folder = folder, Files = paths, Reused = false };
    }

    /// <summary>Gives the size of image <paramref name="index"/> for the given options.</summary>
    /// <param name="options">The parameters.</param>
    /// <param name="index">The image index.</param>
    /// <returns>The width and height.</returns>
    public static (int Width, int Height) SizeOf(ImageDatasetOptions options, int index)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (options.BaseWidth + (index % 4 * options.BaseWidth / 16), options.BaseHeight + (index % 3 * options.BaseHeight / 12));
    }

    private static string FileName(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"img_{index:D4}.{(index % 2 == 0 ? "png" : "jpg")}");

    private static string Header(ImageDatasetOptions options) => string.Create(
        CultureInfo.InvariantCulture,
        $"{FormatVersion} count={options.Count} seed={options.Seed} base={options.BaseWidth}x{options.BaseHeight} jpegQuality={options.JpegQuality}");

    private static bool IsCached(string manifestPath, string header, string[] paths)
    {
        if (!File.Exists(manifestPath))
        {
            return false;
        }

        string[] lines = File.ReadAllLines(manifestPath);
        if (lines.Length != paths.Length + 1 || lines[0] != header)
        {
            return false;
        }

        for (int i = 0; i < paths.Length; i++)
        {
            var file = new FileInfo(paths[i]);
            string expected = string.Create(CultureInfo.InvariantCulture, $"{file.Name} {(file.Exists ? file.Length : -1)}");
            if (!file.Exists || lines[i + 1] != expected)
            {
                return false;
            }
        }

        return true;
    }
}
