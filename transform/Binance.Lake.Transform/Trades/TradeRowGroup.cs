using System.Buffers;
using Binance.Lake.Transform.Parquet;

namespace Binance.Lake.Transform.Trades;

/// <summary>
/// One row group of a data file as each column's PLAIN bytes, Parquet's own value encoding (see
/// <see cref="PlainEncoder"/>): ids and times little-endian longs (times in µs since the epoch), decimals
/// <see cref="DecimalBytes"/>-byte big-endian two's complement unscaled integers at scale 8, booleans bit-packed
/// least significant bit first, sources a 4-byte little-endian length and UTF-8 each. A serving load turns these
/// straight into its database's wire format, without ever making decimals or rows of them.
/// </summary>
public sealed class TradeRowGroup : IDisposable
{
    public static readonly int DecimalBytes = TradesTableSchema.WrittenColumns[1].TypeLength;

    // Pooled: a row group is tens of megabytes, and a fresh array of that size costs page faults and zeroing each time.
    private readonly byte[][] _buffers;
    private readonly int[] _lengths;
    private int _disposed;

    private TradeRowGroup(int rows, byte[][] buffers, int[] lengths)
    {
        Rows = rows;
        _buffers = buffers;
        _lengths = lengths;
    }

    public int Rows { get; }

    public ReadOnlySpan<byte> Ids => Column(0);
    public ReadOnlySpan<byte> Prices => Column(1);
    public ReadOnlySpan<byte> Qtys => Column(2);
    public ReadOnlySpan<byte> QuoteQtys => Column(3);
    public ReadOnlySpan<byte> TimesMicros => Column(4);
    public ReadOnlySpan<byte> BuyerMaker => Column(5);
    public ReadOnlySpan<byte> BestMatch => Column(6);
    public ReadOnlySpan<byte> Sources => Column(7);

    private ReadOnlySpan<byte> Column(int column) => _buffers[column].AsSpan(0, _lengths[column]);

    internal static TradeRowGroup Read(ParquetFileReader file, int rowGroup)
    {
        var rows = file.RowsOf(rowGroup);
        var lengths = TradesTableSchema.WrittenColumns.Select((_, c) => file.ColumnLength(rowGroup, c)).ToArray();
        // Checked before anything is read, so a damaged page fails with a clear message rather than a bad slice deep in an encoder.
        long[] expected = [8L * rows, (long)DecimalBytes * rows, (long)DecimalBytes * rows, (long)DecimalBytes * rows, 8L * rows, (rows + 7) / 8, (rows + 7) / 8];
        if (expected.Where((length, c) => lengths[c] != length).Any() || lengths[7] < 4L * rows)
            throw new InvalidDataException($"A row group of {rows} rows has a page of another length than its rows need.");
        var group = new TradeRowGroup(rows, [.. lengths.Select(ArrayPool<byte>.Shared.Rent)], lengths);
        for (var c = 0; c < lengths.Length; c++)
            file.ReadColumn(rowGroup, c, group._buffers[c].AsSpan(0, lengths[c]));
        return group;
    }

    /// <summary>Returns the buffers to the pool; the row group must not be read after.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        foreach (var buffer in _buffers)
            ArrayPool<byte>.Shared.Return(buffer);
    }
}
