using GpuRay.Inference.Data;
using Parquet.Schema;

namespace GpuRay.Inference.Tests.Data;

public sealed class TaxiShardReaderTests
{
    [Test]
    public async Task ReadAsync_EveryColumnOfGeneratedShard_RoundTripsExactly()
    {
        TripColumns[] expected = TaxiShardGenerator.GenerateShard(TestData.Options, 1).ToArray();
        await using var reader = await TaxiShardReader.OpenAsync(TestData.DataSet.ShardPaths[1], TaxiColumns.Schema.DataFields, CancellationToken.None);

        Assert.That(reader.RowGroupCount, Is.EqualTo(expected.Length));
        for (int g = 0; g < expected.Length; g++)
        {
            TripColumns e = expected[g];
            Assert.That(reader.RowGroupRows(g), Is.EqualTo(e.Rows));
            Assert.That(await ReadAsync<int>(reader, g, TaxiColumns.VendorIdField), Is.EqualTo(e.VendorId));
            Assert.That(await ReadAsync<DateTime>(reader, g, TaxiColumns.PickupAtField), Is.EqualTo(e.PickupAt));
            Assert.That(await ReadAsync<DateTime>(reader, g, TaxiColumns.DropoffAtField), Is.EqualTo(e.DropoffAt));
            Assert.That(await ReadAsync<int>(reader, g, TaxiColumns.PassengerCountField), Is.EqualTo(e.PassengerCount));
            Assert.That(await ReadAsync<float>(reader, g, TaxiColumns.TripDistanceField), Is.EqualTo(e.TripDistance));
            Assert.That(await ReadAsync<double>(reader, g, TaxiColumns.PickupLongitudeField), Is.EqualTo(e.PickupLongitude));
            Assert.That(await ReadAsync<double>(reader, g, TaxiColumns.PickupLatitudeField), Is.EqualTo(e.PickupLatitude));
            Assert.That(await ReadAsync<double>(reader, g, TaxiColumns.DropoffLongitudeField), Is.EqualTo(e.DropoffLongitude));
            Assert.That(await ReadAsync<double>(reader, g, TaxiColumns.DropoffLatitudeField), Is.EqualTo(e.DropoffLatitude));
            Assert.That(await ReadAsync<int>(reader, g, TaxiColumns.RateCodeIdField), Is.EqualTo(e.RateCodeId));
            Assert.That(await ReadAsync<int>(reader, g, TaxiColumns.PaymentTypeField), Is.EqualTo(e.PaymentType));
            Assert.That(await ReadAsync<float>(reader, g, TaxiColumns.FareAmountField), Is.EqualTo(e.FareAmount));
            Assert.That(await ReadAsync<float>(reader, g, TaxiColumns.ExtraField), Is.EqualTo(e.Extra));
            Assert.That(await ReadAsync<float>(reader, g, TaxiColumns.MtaTaxField), Is.EqualTo(e.MtaTax));
            Assert.That(await ReadAsync<float>(reader, g, TaxiColumns.TipAmountField), Is.EqualTo(e.TipAmount));
            Assert.That(await ReadAsync<float>(reader, g, TaxiColumns.TollsAmountField), Is.EqualTo(e.TollsAmount));
            Assert.That(await ReadAsync<float>(reader, g, TaxiColumns.TotalAmountField), Is.EqualTo(e.TotalAmount));
        }
    }

    [Test]
    public async Task Assemble_RowGroup_WritesRowMajorFeatures()
    {
        TripColumns e = TaxiShardGenerator.GenerateShard(TestData.Options, 0).First();
        await using var reader = await TaxiShardReader.OpenAsync(TestData.DataSet.ShardPaths[0], TipFeatureColumns.InputColumns, CancellationToken.None);
        using var columns = new TipFeatureColumns();
        await columns.LoadAsync(reader, 0, CancellationToken.None);
        var features = new float[3 * 6];

        columns.Assemble(10, 3, features);

        for (int i = 0; i < 3; i++)
        {
            int r = 10 + i;
            float[] expected =
            [
                e.TripDistance[r], e.PassengerCount[r], e.FareAmount[r], (float)(e.DropoffAt[r] - e.PickupAt[r]).TotalMinutes,
                e.PaymentType[r] == TaxiColumns.CardPayment ? 1f : 0f, e.TollsAmount[r],
            ];
            Assert.That(features.AsSpan(i * 6, 6).ToArray(), Is.EqualTo(expected));
        }
    }

    [Test]
    public async Task OpenAsync_MissingColumn_ThrowsNamingFileAndColumn()
    {
        string path = Path.Combine(TestData.NewFolder("missing"), "no-payment.parquet");
        await BadShards.WriteAsync(path, TipFeatureColumns.InputColumns.Where(f => f.Name != TaxiColumns.PaymentType).ToArray());

        var error = await Assert.ThrowsAsync<ShardFormatException>(() => TaxiShardReader.OpenAsync(path, TipFeatureColumns.InputColumns, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.FilePath, Is.EqualTo(path));
            Assert.That(error.Element, Is.EqualTo("payment_type"));
            Assert.That(error.Message, Does.Contain(path).And.Contain("'payment_type'").And.Contain("non-null int32 column").And.Contain("no such column"));
        });
    }

    [Test]
    public async Task OpenAsync_WrongColumnType_ThrowsNamingFileColumnAndTypes()
    {
        string path = Path.Combine(TestData.NewFolder("wrongtype"), "double-fare.parquet");
        DataField[] fields = TipFeatureColumns.InputColumns
            .Select(f => f.Name == TaxiColumns.FareAmount ? new DataField<double>(TaxiColumns.FareAmount) : f)
            .ToArray();
        await BadShards.WriteAsync(path, fields);

        var error = await Assert.ThrowsAsync<ShardFormatException>(() => TaxiShardReader.OpenAsync(path, TipFeatureColumns.InputColumns, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Element, Is.EqualTo("fare_amount"));
            Assert.That(error.Message, Does.Contain(path).And.Contain("expected a non-null float32 column").And.Contain("Double"));
        });
    }

    [Test]
    public async Task OpenAsync_TruncatedFile_ThrowsNamingFile()
    {
        string path = Path.Combine(TestData.NewFolder("truncated"), "half.parquet");
        byte[] whole = await File.ReadAllBytesAsync(TestData.DataSet.ShardPaths[0]);
        await File.WriteAllBytesAsync(path, whole.AsSpan(0, whole.Length / 2).ToArray());

        var error = await Assert.ThrowsAsync<ShardFormatException>(() => TaxiShardReader.OpenAsync(path, TipFeatureColumns.InputColumns, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.FilePath, Is.EqualTo(path));
            Assert.That(error.Element, Is.Null);
            Assert.That(error.Message, Does.Contain(path).And.Contain("complete Parquet file"));
        });
    }

    [Test]
    public async Task OpenAsync_CsvFile_ThrowsNamingFile()
    {
        string path = Path.Combine(TestData.NewFolder("csv"), "trips.parquet");
        await File.WriteAllTextAsync(path, "vendor_id,pickup_at,fare_amount\n1,2019-01-01 00:00:00,7.5\n");

        var error = await Assert.ThrowsAsync<ShardFormatException>(() => TaxiShardReader.OpenAsync(path, TipFeatureColumns.InputColumns, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("Parquet file"));
    }

    [Test]
    public async Task OpenAsync_NoSuchFile_ThrowsNamingFile()
    {
        string path = Path.Combine(TestData.Root, "nowhere.parquet");

        var error = await Assert.ThrowsAsync<ShardFormatException>(() => TaxiShardReader.OpenAsync(path, TipFeatureColumns.InputColumns, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("no such file"));
    }

    private static async Task<T[]> ReadAsync<T>(TaxiShardReader reader, int group, DataField field)
        where T : struct
    {
        var values = new T[reader.RowGroupRows(group)];
        await reader.ReadAsync<T>(group, field, values, CancellationToken.None);
        return values;
    }
}
