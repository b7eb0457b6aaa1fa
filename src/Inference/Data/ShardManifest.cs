using System.Text.Json;

namespace GpuRay.Inference.Data;

/// <summary>What a data-set folder holds and how it was made; a folder whose manifest matches is reused.</summary>
internal sealed record ShardManifest(int GeneratorVersion, TaxiDataOptions Options, IReadOnlyList<ShardEntry> Shards)
{
    public const string FileName = "manifest.json";

    /// <summary>Bump when the generator's output changes, so that old caches are rewritten.</summary>
    public const int CurrentGeneratorVersion = 1;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static ShardManifest? TryLoad(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ShardManifest>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public bool Matches(TaxiDataOptions options, string folder) =>
        GeneratorVersion == CurrentGeneratorVersion
        && Options == options
        && Shards.Count == options.ShardCount
        && Shards.All(s => new FileInfo(Path.Combine(folder, s.File)) is { Exists: true } f && f.Length == s.Bytes);

    public void Save(string folder)
    {
        string path = Path.Combine(folder, FileName);
        string temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, JsonOptions));
        File.Move(temp, path, overwrite: true);
    }
}
