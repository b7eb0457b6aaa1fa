using System.Buffers;
using Parquet.Schema;

namespace GpuRay.Inference.Data;

/// <summary>
/// The tip model's input columns for one row group, held in pooled buffers that are reused from row group to row
/// group, and their assembly into the model's row-major feature matrix.
/// </summary>
/// <remarks>
/// Columns are decoded once into these buffers; <see cref="Assemble"/> is the one remaining copy on the input path
/// (column-major to row-major, with the derived features computed on the way).
/// </remarks>
internal sealed class TipFeatureColumns : IDisposable
{
    /// <summary>The feature names, in the model's input order.</summary>
    public static readonly IReadOnlyList<string> FeatureNames =
        ["trip_distance", "passenger_count", "fare_amount", "trip_minutes", "is_card", "tolls_amount"];

    public static int FeatureCount => FeatureNames.Count;

    /// <summary>The columns that inference reads.</summary>
    public static readonly IReadOnlyCollection<DataField> InputColumns =
    [
        TaxiColumns.TripDistanceField,
        TaxiColumns.PassengerCountField,
        TaxiColumns.FareAmountField,
        TaxiColumns.PickupAtField,
        TaxiColumns.DropoffAtField,
        TaxiColumns.PaymentTypeField,
        TaxiColumns.TollsAmountField,
    ];

    /// <summary>The columns that training reads: the inputs and the label.</summary>
    public static readonly IReadOnlyCollection<DataField> TrainingColumns = [.. InputColumns, TaxiColumns.TipAmountField];

    private readonly bool _withLabels;
    private float[] _distance = [];
    private int[] _passengers = [];
    private float[] _fare = [];
    private DateTime[] _pickup = [];
    private DateTime[] _dropoff = [];
    private int[] _payment = [];
    private float[] _tolls = [];
    private float[] _tip = [];

    public TipFeatureColumns(bool withLabels = false) => _withLabels = withLabels;

    /// <summary>Rows loaded by the last <see cref="LoadAsync"/>.</summary>
    public int Rows { get; private set; }

    public async ValueTask LoadAsync(TaxiShardReader reader, int group, CancellationToken cancellationToken)
    {
        int rows = reader.RowGroupRows(group);
        EnsureCapacity(rows);
        Rows = rows;
        await reader.ReadAsync(group, TaxiColumns.TripDistanceField, _distance.AsMemory(0, rows), cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(group, TaxiColumns.PassengerCountField, _passengers.AsMemory(0, rows), cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(group, TaxiColumns.FareAmountField, _fare.AsMemory(0, rows), cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(group, TaxiColumns.PickupAtField, _pickup.AsMemory(0, rows), cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(group, TaxiColumns.DropoffAtField, _dropoff.AsMemory(0, rows), cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(group, TaxiColumns.PaymentTypeField, _payment.AsMemory(0, rows), cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(group, TaxiColumns.TollsAmountField, _tolls.AsMemory(0, rows), cancellationToken).ConfigureAwait(false);
        if (_withLabels)
        {
            await reader.ReadAsync(group, TaxiColumns.TipAmountField, _tip.AsMemory(0, rows), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes rows [start, start + count) as a row-major [count, FeatureCount] matrix.</summary>
    public void Assemble(int start, int count, Span<float> destination)
    {
        const int F = 6;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Rows);
        destination = destination[..(count * F)];
        for (int i = 0; i < count; i++)
        {
            int r = start + i;
            Span<float> row = destination.Slice(i * F, F);
            row[0] = _distance[r];
            row[1] = _passengers[r];
            row[2] = _fare[r];
            row[3] = (float)(_dropoff[r] - _pickup[r]).TotalMinutes;
            row[4] = _payment[r] == TaxiColumns.CardPayment ? 1f : 0f;
            row[5] = _tolls[r];
        }
    }

    /// <summary>Writes 1 where a tip was paid and 0 where not, for rows [start, start + count).</summary>
    public void Labels(int start, int count, Span<float> destination)
    {
        for (int i = 0; i < count; i++)
        {
            destination[i] = _tip[start + i] > 0f ? 1f : 0f;
        }
    }

    public void Dispose()
    {
        Return(ref _distance);
        Return(ref _passengers);
        Return(ref _fare);
        Return(ref _pickup);
        Return(ref _dropoff);
        Return(ref _payment);
        Return(ref _tolls);
        Return(ref _tip);
        Rows = 0;
    }

    private static void Return<T>(ref T[] buffer)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<T>.Shared.Return(buffer);
        }

        buffer = [];
    }

    private static void Grow<T>(ref T[] buffer, int rows)
    {
        if (buffer.Length < rows)
        {
            Return(ref buffer);
            buffer = ArrayPool<T>.Shared.Rent(rows);
        }
    }

    private void EnsureCapacity(int rows)
    {
        Grow(ref _distance, rows);
        Grow(ref _passengers, rows);
        Grow(ref _fare, rows);
        Grow(ref _pickup, rows);
        Grow(ref _dropoff, rows);
        Grow(ref _payment, rows);
        Grow(ref _tolls, rows);
        if (_withLabels)
        {
            Grow(ref _tip, rows);
        }
    }
}
