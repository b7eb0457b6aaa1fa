using GpuRay.Inference.Data;

namespace GpuRay.Inference.Tests.Data;

public sealed class TaxiShardGeneratorTests
{
    [Test]
    public async Task EnsureShards_NewFolder_WritesRequestedShardsRowsAndRowGroups()
    {
        TaxiDataSet set = TestData.DataSet;

        Assert.That(set.Reused, Is.False);
        Assert.That(set.ShardPaths.Select(Path.GetFileName), Is.EqualTo(new[] { "trips-00.parquet", "trips-01.parquet", "trips-02.parquet" }));
        Assert.That(set.RowCounts, Has.All.InRange(3_000L, 4_000L));
        foreach ((string path, long rows) in set.ShardPaths.Zip(set.RowCounts))
        {
            await using var reader = await TaxiShardReader.OpenAsync(path, TaxiColumns.Schema.DataFields, CancellationToken.None);
            Assert.That(reader.RowGroupCount, Is.EqualTo(3));
            Assert.That(reader.TotalRows, Is.EqualTo(rows));
        }
    }

    [Test]
    public async Task EnsureShards_SameOptionsInAnotherFolder_WritesByteIdenticalFiles()
    {
        TaxiDataSet again = await TaxiShardGenerator.EnsureShardsAsync(TestData.NewFolder("same"), TestData.Options);

        Assert.That(again.RowCounts, Is.EqualTo(TestData.DataSet.RowCounts));
        for (int i = 0; i < again.ShardPaths.Count; i++)
        {
            Assert.That(File.ReadAllBytes(again.ShardPaths[i]), Is.EqualTo(File.ReadAllBytes(TestData.DataSet.ShardPaths[i])), again.ShardPaths[i]);
        }
    }

    [Test]
    public async Task EnsureShards_FolderWithMatchingManifest_ReusesFilesWithoutWriting()
    {
        DateTime[] before = TestData.DataSet.ShardPaths.Select(File.GetLastWriteTimeUtc).ToArray();

        TaxiDataSet again = await TaxiShardGenerator.EnsureShardsAsync(TestData.ShardFolder, TestData.Options);

        Assert.Multiple(() =>
        {
            Assert.That(again.Reused, Is.True);
            Assert.That(again.ShardPaths, Is.EqualTo(TestData.DataSet.ShardPaths));
            Assert.That(again.RowCounts, Is.EqualTo(TestData.DataSet.RowCounts));
            Assert.That(again.ShardPaths.Select(File.GetLastWriteTimeUtc), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task EnsureShards_ManifestWithOtherSeed_Regenerates()
    {
        string folder = TestData.NewFolder("reseed");
        TaxiDataOptions small = TestData.Options with { ShardCount = 1, MinRowsPerShard = 500, MaxRowsPerShard = 600 };
        TaxiDataSet first = await TaxiShardGenerator.EnsureShardsAsync(folder, small);
        byte[] firstBytes = File.ReadAllBytes(first.ShardPaths[0]);

        TaxiDataSet second = await TaxiShardGenerator.EnsureShardsAsync(folder, small with { Seed = 8 });

        Assert.Multiple(() =>
        {
            Assert.That(second.Reused, Is.False);
            Assert.That(File.ReadAllBytes(second.ShardPaths[0]), Is.Not.EqualTo(firstBytes));
        });
    }

    [Test]
    public async Task EnsureShards_ShardFileDeleted_Regenerates()
    {
        string folder = TestData.NewFolder("deleted");
        TaxiDataOptions small = TestData.Options with { ShardCount = 2, MinRowsPerShard = 500, MaxRowsPerShard = 600 };
        TaxiDataSet first = await TaxiShardGenerator.EnsureShardsAsync(folder, small);
        File.Delete(first.ShardPaths[1]);

        TaxiDataSet second = await TaxiShardGenerator.EnsureShardsAsync(folder, small);

        Assert.Multiple(() =>
        {
            Assert.That(second.Reused, Is.False);
            Assert.That(File.Exists(second.ShardPaths[1]), Is.True);
        });
    }

    [Test]
    public void GenerateShard_Trips_FollowTaxiRules()
    {
        TripColumns[] groups = TaxiShardGenerator.GenerateShard(TestData.Options, 0).ToArray();

        long cardTrips = 0;
        long tippedCardTrips = 0;
        foreach (TripColumns c in groups)
        {
            for (int i = 0; i < c.Rows; i++)
            {
                Assert.That(c.PaymentType[i] == TaxiColumns.CardPayment || c.TipAmount[i] == 0f, Is.True, "only card payments record tips");
                Assert.That(c.DropoffAt[i], Is.GreaterThan(c.PickupAt[i]));
                Assert.That(c.FareAmount[i], Is.GreaterThanOrEqualTo(2.5f));
                Assert.That(c.PassengerCount[i], Is.InRange(1, 6));
                Assert.That(c.TotalAmount[i], Is.EqualTo(MathF.Round(c.FareAmount[i] + c.Extra[i] + c.MtaTax[i] + c.TipAmount[i] + c.TollsAmount[i] + 0.3f, 2)));
                cardTrips += c.PaymentType[i] == TaxiColumns.CardPayment ? 1 : 0;
                tippedCardTrips += c.PaymentType[i] == TaxiColumns.CardPayment && c.TipAmount[i] > 0 ? 1 : 0;
            }
        }

        long rows = groups.Sum(g => g.Rows);
        // Binomial checks at 4 sigma: 68% card payments; most card trips tip.
        double sigma = Math.Sqrt(rows * 0.68 * 0.32);
        Assert.That(cardTrips, Is.InRange((long)((rows * 0.68) - (4 * sigma)), (long)((rows * 0.68) + (4 * sigma))));
        Assert.That(tippedCardTrips, Is.GreaterThan(cardTrips / 2));
    }
}
