using Parquet;
using Parquet.Schema;

namespace GpuRay.Inference.Tests;

/// <summary>Writes small Parquet files with chosen fields (all zeros) to provoke schema errors.</summary>
internal static class BadShards
{
    public static async Task WriteAsync(string path, IReadOnlyList<DataField> fields, int rows = 10)
    {
        await using FileStream stream = File.Create(path);
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        using ParquetRowGroupWriter group = writer.CreateRowGroup();
        foreach (DataField field in fields)
        {
            Type t = field.ClrType;
            if (t == typeof(int))
            {
                await group.WriteAsync<int>(field, new int[rows]);
            }
            else if (t == typeof(long))
            {
                await group.WriteAsync<long>(field, new long[rows]);
            }
            else if (t == typeof(float))
            {
                await group.WriteAsync<float>(field, new float[rows]);
            }
            else if (t == typeof(double))
            {
                await group.WriteAsync<double>(field, new double[rows]);
            }
            else if (t == typeof(DateTime))
            {
                await group.WriteAsync<DateTime>(field, Enumerable.Repeat(new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc), rows).ToArray());
            }
            else if (t == typeof(string))
            {
                await group.WriteAsync(field, Enumerable.Repeat("x", rows).ToArray());
            }
            else
            {
                throw new NotSupportedException(t.Name);
            }
        }

        group.CompleteValidate();
    }
}
