using GpuRay.Inference.Data;

namespace GpuRay.Inference.Tests;

/// <summary>One small generated data set for the whole assembly, in a temporary folder removed afterwards.</summary>
[SetUpFixture]
public sealed class TestData
{
    public static TaxiDataOptions Options { get; } = new()
    {
        ShardCount = 3,
        MinRowsPerShard = 3_000,
        MaxRowsPerShard = 4_000,
        RowGroupsPerShard = 3,
        Seed = 7,
    };

    public static string Root { get; private set; } = string.Empty;

    public static TaxiDataSet DataSet { get; private set; } = null!;

    public static string ShardFolder => Path.Combine(Root, "shards");

    /// <summary>A fresh folder under the assembly's temporary root.</summary>
    public static string NewFolder(string name) =>
        Directory.CreateDirectory(Path.Combine(Root, $"{name}-{Guid.NewGuid():N}")).FullName;

    [OneTimeSetUp]
    public async Task GenerateAsync()
    {
        Root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"gpuray-inference-tests-{Guid.NewGuid():N}")).FullName;
        DataSet = await TaxiShardGenerator.EnsureShardsAsync(ShardFolder, Options);
    }

    [OneTimeTearDown]
    public void Delete()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
