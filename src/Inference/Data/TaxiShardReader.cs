using Parquet;
using Parquet.Schema;

namespace GpuRay.Inference.Data;

/// <summary>
/// Opens a taxi shard, checks that the columns a caller needs exist with the right types, and reads them row group
/// by row group into caller-owned buffers.
/// </summary>
internal sealed class TaxiShardReader : IAsyncDisposable
{
    private readonly ParquetReader _reader;
    private readonly Dictionary<string, DataField> _fields;

    private TaxiShardReader(string path, ParquetReader reader, Dictionary<string, DataField> fields)
    {
        FilePath = path;
        _reader = reader;
        _fields = fields;
        MaxRowGroupRows = Enumerable.Range(0, RowGroupCount).Select(RowGroupRows).DefaultIfEmpty(0).Max();
    }

    public string FilePath { get; }

    public int RowGroupCount => _reader.RowGroupCount;

    public int MaxRowGroupRows { get; }

    public long TotalRows => Enumerable.Range(0, RowGroupCount).Sum(g => (long)RowGroupRows(g));

    /// <exception cref="ShardFormatException">The file is missing, not Parquet, truncated, or lacks a required column.</exception>
    public static async Task<TaxiShardReader> OpenAsync(string path, IReadOnlyCollection<DataField> required, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new ShardFormatException(path, null, "an existing Parquet file", "no such file");
        }

        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            long length = new FileInfo(path).Length;
            throw new ShardFormatException(
                path, null, "a complete Parquet file (PAR1 magic at both ends and a readable footer)", $"{length} bytes that are not ({e.Message})", e);
        }

        try
        {
            return new TaxiShardReader(path, reader, Validate(path, reader.Schema, required));
        }
        catch
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public int RowGroupRows(int group) => checked((int)_reader.RowGroups[group].RowCount);

    /// <exception cref="ShardFormatException">The column's pages cannot be decoded.</exception>
    public async ValueTask ReadAsync<T>(int group, DataField column, Memory<T> destination, CancellationToken cancellationToken)
        where T : struct
    {
        DataField field = _fields[column.Name];
        try
        {
            await _reader.RowGroups[group].ReadAsync(field, destination, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ShardFormatException(
                FilePath, column.Name, $"{DescribeType(column.ClrType)} values readable in row group {group}", $"an unreadable column chunk ({e.Message})", e);
        }
    }

    public ValueTask DisposeAsync() => _reader.DisposeAsync();

    internal static string DescribeType(Type type) => type switch
    {
        _ when type == typeof(int) => "non-null int32",
        _ when type == typeof(long) => "non-null int64",
        _ when type == typeof(float) => "non-null float32",
        _ when type == typeof(double) => "non-null float64",
        _ when type == typeof(DateTime) => "non-null timestamp",
        _ when type == typeof(string) => "string",
        _ => type.Name,
    };

    private static Dictionary<string, DataField> Validate(string path, ParquetSchema schema, IReadOnlyCollection<DataField> required)
    {
        var byName = new Dictionary<string, DataField>(StringComparer.Ordinal);
        foreach (DataField field in schema.DataFields)
        {
            byName.TryAdd(field.Name, field);
        }

        var found = new Dictionary<string, DataField>(required.Count, StringComparer.Ordinal);
        foreach (DataField want in required)
        {
            if (!byName.TryGetValue(want.Name, out DataField? have))
            {
                throw new ShardFormatException(
                    path, want.Name, $"a {DescribeType(want.ClrType)} column", $"no such column (columns: {string.Join(", ", byName.Keys)})");
            }

            if (have.ClrType != want.ClrType || have.IsArray || have.IsNullable)
            {
                string actual = (have.IsNullable ? "nullable " : string.Empty) + (have.IsArray ? "array of " : string.Empty) + have.ClrType.Name;
                throw new ShardFormatException(path, want.Name, $"a {DescribeType(want.ClrType)} column", $"a {actual} column");
            }

            found[want.Name] = have;
        }

        return found;
    }
}
