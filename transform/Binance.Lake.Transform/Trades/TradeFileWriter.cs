using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Binance.Lake.Core.Lake;
using Binance.Lake.Transform.Parquet;

namespace Binance.Lake.Transform.Trades;

/// <summary>Writes trades (already sorted by id) as one Snappy Parquet data file of the curated table.</summary>
public static class TradeFileWriter
{
    // Row groups of a million rows keep a reader's column buffers modest on the largest files.
    internal const int RowGroupSize = 1_000_000;

    internal const string CreatedBy = "binance-lake";

    private static readonly Dictionary<RawSource, byte[]> SourceNames =
        Enum.GetValues<RawSource>().ToDictionary(s => s, s => Encoding.UTF8.GetBytes(s.FolderName()));

    // Snappy leaves about 25 bytes of a trade; sizing the buffer near that spares the copies of a growing stream.
    private const int ExpectedBytesPerRow = 28;

    /// <summary>The file's bytes (a view of the writer's buffer: no final copy of what can be a hundred megabytes).</summary>
    public static ReadOnlyMemory<byte> Write(IReadOnlyList<TradeRow> rows, CancellationToken cancellationToken = default)
    {
        var output = new MemoryStream(capacity: (int)Math.Min(4096 + (long)rows.Count * ExpectedBytesPerRow, Array.MaxLength));
        var file = new ParquetFileWriter(output, TradesTableSchema.WrittenColumns, CreatedBy);
        var values = new ArrayBufferWriter<byte>();
        for (var start = 0; start < rows.Count; start += RowGroupSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteRowGroup(file, values, rows, start, Math.Min(RowGroupSize, rows.Count - start));
        }
        file.Finish();
        return output.GetBuffer().AsMemory(0, (int)output.Length);
    }

    private static void WriteRowGroup(ParquetFileWriter file, ArrayBufferWriter<byte> values, IReadOnlyList<TradeRow> rows, int start, int count)
    {
        var longs = ArrayPool<long>.Shared.Rent(count);
        var decimals = ArrayPool<decimal>.Shared.Rent(count);
        var bools = ArrayPool<bool>.Shared.Rent(count);
        try
        {
            file.BeginRowGroup(count);
            WriteLongs(file, values, longs.AsSpan(0, count), rows, start, static r => r.Trade.Id);
            var columns = TradesTableSchema.WrittenColumns;
            WriteDecimals(file, values, columns[1], decimals.AsSpan(0, count), rows, start, static r => r.Trade.Price);
            WriteDecimals(file, values, columns[2], decimals.AsSpan(0, count), rows, start, static r => r.Trade.Qty);
            WriteDecimals(file, values, columns[3], decimals.AsSpan(0, count), rows, start, static r => r.Trade.QuoteQty);
            WriteLongs(file, values, longs.AsSpan(0, count), rows, start, static r => r.Trade.TimeMicros);
            WriteBools(file, values, bools.AsSpan(0, count), rows, start, static r => r.Trade.IsBuyerMaker);
            WriteBools(file, values, bools.AsSpan(0, count), rows, start, static r => r.Trade.IsBestMatch);
            values.ResetWrittenCount();
            for (var i = 0; i < count; i++)
                PlainEncoder.ByteArray(values, SourceNames[rows[start + i].Source]);
            file.WriteColumn(values.WrittenSpan);
            file.EndRowGroup();
        }
        finally
        {
            ArrayPool<long>.Shared.Return(longs);
            ArrayPool<decimal>.Shared.Return(decimals);
            ArrayPool<bool>.Shared.Return(bools);
        }
    }

    private static void WriteLongs(ParquetFileWriter file, ArrayBufferWriter<byte> values, Span<long> column,
        IReadOnlyList<TradeRow> rows, int start, Func<TradeRow, long> select)
    {
        long min = long.MaxValue, max = long.MinValue;
        for (var i = 0; i < column.Length; i++)
        {
            var value = column[i] = select(rows[start + i]);
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }
        values.ResetWrittenCount();
        PlainEncoder.Int64(values, column);
        file.WriteColumn(values.WrittenSpan, LittleEndian(min), LittleEndian(max));
    }

    private static void WriteDecimals(ParquetFileWriter file, ArrayBufferWriter<byte> values, ParquetColumn parquetColumn,
        Span<decimal> column, IReadOnlyList<TradeRow> rows, int start, Func<TradeRow, decimal> select)
    {
        decimal min = decimal.MaxValue, max = decimal.MinValue;
        for (var i = 0; i < column.Length; i++)
        {
            var value = column[i] = select(rows[start + i]);
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }
        values.ResetWrittenCount();
        PlainEncoder.Decimal(values, parquetColumn, column);
        file.WriteColumn(values.WrittenSpan, Fixed(parquetColumn, min), Fixed(parquetColumn, max));
    }

    private static void WriteBools(ParquetFileWriter file, ArrayBufferWriter<byte> values, Span<bool> column,
        IReadOnlyList<TradeRow> rows, int start, Func<TradeRow, bool> select)
    {
        for (var i = 0; i < column.Length; i++)
            column[i] = select(rows[start + i]);
        values.ResetWrittenCount();
        PlainEncoder.Boolean(values, column);
        file.WriteColumn(values.WrittenSpan);
    }

    private static byte[] LittleEndian(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Fixed(ParquetColumn column, decimal value)
    {
        var bytes = new byte[column.TypeLength];
        DecimalEncoding.Write(value, column.Precision, column.Scale, bytes);
        return bytes;
    }
}
