namespace GpuRay.Inference.Data;

/// <summary>Parameters of a generated taxi-trip data set. Equal parameters give byte-identical shards.</summary>
public sealed record TaxiDataOptions
{
    /// <summary>How many Parquet shards to write.</summary>
    /// <value>12, as in the tutorial.</value>
    public int ShardCount { get; init; } = 12;

    /// <summary>The fewest rows in one shard.</summary>
    /// <value>134,000.</value>
    public int MinRowsPerShard { get; init; } = 134_000;

    /// <summary>The most rows in one shard (inclusive).</summary>
    /// <value>156,000.</value>
    public int MaxRowsPerShard { get; init; } = 156_000;

    /// <summary>How many row groups each shard is split into, of nearly equal size.</summary>
    /// <value>3.</value>
    public int RowGroupsPerShard { get; init; } = 3;

    /// <summary>The seed of every random draw.</summary>
    /// <value>20190101.</value>
    public int Seed { get; init; } = 20_190_101;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ShardCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(RowGroupsPerShard);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinRowsPerShard, RowGroupsPerShard);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRowsPerShard, MinRowsPerShard);
    }
}
