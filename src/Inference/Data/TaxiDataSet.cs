namespace GpuRay.Inference.Data;

/// <summary>A generated taxi-trip data set on disk.</summary>
/// <param name="Folder">The folder that holds the shards and the manifest.</param>
/// <param name="ShardPaths">The shard files, in shard order.</param>
/// <param name="RowCounts">The rows in each shard, in shard order.</param>
/// <param name="Reused">Whether an existing data set with the same parameters was reused instead of written.</param>
public sealed record TaxiDataSet(string Folder, IReadOnlyList<string> ShardPaths, IReadOnlyList<long> RowCounts, bool Reused)
{
    /// <summary>The rows in all shards together.</summary>
    public long TotalRows => RowCounts.Sum();
}
