using Parquet;

namespace GpuRay.Inference.Data;

/// <summary>Writes deterministic NYC-taxi-like Parquet shards, or reuses a folder that already holds them.</summary>
public static class TaxiShardGenerator
{
    /// <summary>
    /// Makes sure <paramref name="folder"/> holds the data set that <paramref name="options"/> describes, writing it
    /// only when the folder's manifest does not match.
    /// </summary>
    /// <param name="folder">The data-set folder; created when missing.</param>
    /// <param name="options">The data set's parameters; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Stops the generation between row groups.</param>
    /// <returns>The shards, in shard order.</returns>
    /// <remarks>
    /// Shards are written in parallel, each to a temporary name first, and the manifest last, so a folder interrupted
    /// half-way is regenerated rather than reused. Equal options give byte-identical files.
    /// </remarks>
    public static async Task<TaxiDataSet> EnsureShardsAsync(string folder, TaxiDataOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        options ??= new TaxiDataOptions();
        options.Validate();

        Directory.CreateDirectory(folder);
        ShardManifest? existing = ShardManifest.TryLoad(folder);
        if (existing is not null && existing.Matches(options, folder))
        {
            return ToDataSet(folder, existing, reused: true);
        }

        var entries = new ShardEntry[options.ShardCount];
        await Parallel.ForAsync(0, options.ShardCount, cancellationToken, async (shard, ct) =>
        {
            entries[shard] = await WriteShardAsync(folder, options, shard, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);

        var manifest = new ShardManifest(ShardManifest.CurrentGeneratorVersion, options, entries);
        manifest.Save(folder);
        return ToDataSet(folder, manifest, reused: false);
    }

    /// <summary>Generates one shard's rows in memory, one <see cref="TripColumns"/> per row group.</summary>
    internal static IEnumerable<TripColumns> GenerateShard(TaxiDataOptions options, int shard)
    {
        var random = new Random(ShardSeed(options.Seed, shard));
        int rows = random.Next(options.MinRowsPerShard, options.MaxRowsPerShard + 1);
        for (int group = 0; group < options.RowGroupsPerShard; group++)
        {
            int start = (int)((long)rows * group / options.RowGroupsPerShard);
            int end = (int)((long)rows * (group + 1) / options.RowGroupsPerShard);
            yield return TripSimulator.Generate(random, end - start);
        }
    }

    internal static string ShardFileName(int shard) => $"trips-{shard:D2}.parquet";

    private static int ShardSeed(int seed, int shard) => unchecked((seed * 1_000_003) + shard);

    private static async Task<ShardEntry> WriteShardAsync(string folder, TaxiDataOptions options, int shard, CancellationToken cancellationToken)
    {
        string name = ShardFileName(shard);
        string path = Path.Combine(folder, name);
        string temp = path + ".tmp";
        long rows = 0;
        var stream = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            ParquetWriter writer = await ParquetWriter.CreateAsync(TaxiColumns.Schema, stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                foreach (TripColumns group in GenerateShard(options, shard))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await WriteRowGroupAsync(writer, group, cancellationToken).ConfigureAwait(false);
                    rows += group.Rows;
                }
            }
        }

        File.Move(temp, path, overwrite: true);
        return new ShardEntry(name, rows, new FileInfo(path).Length);
    }

    private static async Task WriteRowGroupAsync(ParquetWriter writer, TripColumns c, CancellationToken ct)
    {
        using ParquetRowGroupWriter g = writer.CreateRowGroup();
        await g.WriteAsync<int>(TaxiColumns.VendorIdField, c.VendorId, cancellationToken: ct).ConfigureAwait(false);
        await g.WriteAsync<DateTime>(TaxiColumns.PickupAtField, c.PickupAt, cancellationToken: ct).ConfigureAwait(false);
        await g.WriteAsync<DateTime>(TaxiColumns.DropoffAtField, c.DropoffAt, cancellationToken: ct).ConfigureAwait(false);
        await g.WriteAsync<int>(TaxiColumns.PassengerCountField, c.PassengerCount, cancellationToken: ct).ConfigureAwait(false);
        await g.WriteAsync<float>(TaxiColumns.TripDistanceField, c.TripDistance, cancellationToken: ct).ConfigureAwait(false);
        await g.WriteAsync<double>(TaxiColumns.PickupLongitudeField, c.PickupLongitude, cancellationToken: ct).ConfigureAwait(false);
        await g.WriteAsync<double>(TaxiColumns.PickupLatitudeField, c.PickupLatitude, cancellationToken: ct).ConfigureAwait(false);
        await g.WriteAsync<double>(TaxiColumns.DropoffLongitudeField, c.DropoffLongitude, cancellationToken: ct).ConfigureAwait(false);
        await g.WriteAsync<double>(TaxiColumns.DropoffLatitudeField, c.DropoffLatitude, cancellationToken: ct).ConfigureAwait(false);
        await g.WriteAsync<int>(TaxiColumns.RateCodeIdField, c.RateCodeId, cancellationToken: ct).ConfigureAwait(false);
        await g.WriteAsync<int>(TaxiColumns.PaymentTypeField, c.PaymentType, cancellationToken: ct).ConfigureAwait(false);
        await g.WriteAsync<float>(TaxiColumns.FareAmountField, c.FareAmount, cancellationToken: ct).ConfigureAwait(false);
        await g.WriteAsync<float>(TaxiColumns.ExtraField, c.Extra, cancellationToken: ct).ConfigureAwait(false);
        await g.WriteAsync<float>(TaxiColumns.MtaTaxField, c.MtaTax, cancellationToken: ct).ConfigureAwait(false);
        await g.WriteAsync<float>(TaxiColumns.TipAmountField, c.TipAmount, cancellationToken: ct).ConfigureAwait(false);
        await g.WriteAsync<float>(TaxiColumns.TollsAmountField, c.TollsAmount, cancellationToken: ct).ConfigureAwait(false);
        await g.WriteAsync<float>(TaxiColumns.TotalAmountField, c.TotalAmount, cancellationToken: ct).ConfigureAwait(false);
        g.CompleteValidate();
    }

    private static TaxiDataSet ToDataSet(string folder, ShardManifest manifest, bool reused) =>
        new(
            folder,
            manifest.Shards.Select(s => Path.Combine(folder, s.File)).ToArray(),
            manifest.Shards.Select(s => s.Rows).ToArray(),
            reused);
}
