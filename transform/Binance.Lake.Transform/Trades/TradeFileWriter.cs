using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Binance.Lake.Core.Lake;
using Binance.Lake.Transform.Parquet;

namespace Binance.Lake.Transform.Trades;

/// <summary>
/// Writes trades (already sorted by id) as one Snappy Parquet data file of the curated table: all at once
/// (<see cref="Write"/>), or row group by row group as the rows become known (a day encoded while it is still read).
/// </summary>
public sealed class TradeFileWriter
{
    // Row groups of 2^18 rows (about 6 MB compressed): a reader's column buffers stay small on the largest
    // files, and a day encoded while it is read (see DayFileAhead) has at most this much left to encode at its end.
    internal const int RowGroupSize = 1 << 18;

    internal const string CreatedBy = "binance-lake";

    private static readonly Dictionary<RawSource, byte[]> SourceNames =
        Enum.GetValues<RawSource>().ToDictionary(s => s, s => Encoding.UTF8.GetBytes(s.FolderName()));

    // Snappy leaves about 25 bytes of a trade; sizing the buffer near that spares the copies of a growing stream.
    private const int ExpectedBytesPerRow = 28;

    private readonly MemoryStream _output;
    private readonly ParquetFileWriter _file;
    private readonly ArrayBufferWriter<byte> _values = new();

    /// <param name="expectedRows">How many rows the file will likely hold, to size its buffer; more or fewer is fine.</param>
    public TradeFileWriter(long expectedRows)
    {
        _output = new MemoryStream(capacity: (int)Math.Min(4096 + expectedRows * ExpectedBytesPerRow, Array.MaxLength));
        _file = new ParquetFileWriter(_output, TradesTableSchema.WrittenColumns, CreatedBy);
    }

    /// <summary>The file's bytes (a view of the writer's buffer: no final copy of what can be a hundred megabytes).</summary>
    public static ReadOnlyMemory<byte> Write(IReadOnlyList<TradeRow> rows, CancellationToken cancellationToken = default)
    {
        var writer = new TradeFileWriter(rows.Count);
        for (var start = 0; start < rows.Count; start += RowGroupSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            writer.AddRowGroup(rows, start, Math.Min(RowGroupSize, rows.Count - start));
        }
        return writer.Finish();
    }

    /// <summary>Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> as the file's next row group; they follow the last one's in id order.</summary>
    public void AddRowGroup(IReadOnlyList<TradeRow> rows, int start, int count) => WriteRowGroup(_file, _values, rows, start, count);

    /// <summary>The whole file, footer included (a view of the writer's buffer); nothing may be added after.</summary>
    public ReadOnlyMemory<byte> Finish()
    {
        _file.Finish();
        return _output.GetBuffer().AsMemory(0, (int)_output.Length);
    }

    private static void WriteRowGroup(ParquetFileWriter file, ArrayBufferWriter<byte> values, IReadOnlyList<TradeRow> rows, int start, int count)
    {
        using var columns = new RowGroupColumns(rows, start, count);
        var schema = TradesTableSchema.WrittenColumns;
        file.BeginRowGroup(count);
        WriteLongs(file, values, columns.Ids);
        WriteDecimals(file, values, schema[1], columns.Prices);
        WriteDecimals(file, values, schema[2], columns.Qtys);
        WriteDecimals(file, values, schema[3], columns.QuoteQtys);
        WriteLongs(file, values, columns.Times);
        WriteBools(file, values, columns.BuyerMakers);
        WriteBools(file, values, columns.BestMatches);
        values.ResetWrittenCount();
        foreach (var source in columns.Sources)
            PlainEncoder.ByteArray(values, SourceNames[source]);
        file.WriteColumn(values.WrittenSpan);
        file.EndRowGroup();
    }

    private static void WriteLongs(ParquetFileWriter file, ArrayBufferWriter<byte> values, ReadOnlySpan<long> column)
    {
        long min = long.MaxValue, max = long.MinValue;
        foreach (var value in column)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }
        values.ResetWrittenCount();
        PlainEncoder.Int64(values, column);
        file.WriteColumn(values.WrittenSpan, LittleEndian(min), LittleEndian(max));
    }

    private static void WriteDecimals(ParquetFileWriter file, ArrayBufferWriter<byte> values, ParquetColumn parquetColumn, ReadOnlySpan<decimal> column)
    {
        values.ResetWrittenCount();
        var (min, max) = PlainEncoder.Decimal(values, parquetColumn, column);
        file.WriteColumn(values.WrittenSpan, Fixed(parquetColumn, min), Fixed(parquetColumn, max));
    }

    private static void WriteBools(ParquetFileWriter file, ArrayBufferWriter<byte> values, ReadOnlySpan<bool> column)
    {
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

    private static byte[] Fixed(ParquetColumn column, Int128 unscaled)
    {
        var bytes = new byte[column.TypeLength];
        DecimalEncoding.WriteUnscaled(unscaled, bytes);
        return bytes;
    }
}
