using Binance.Lake.Transform.Parquet;

namespace Binance.Lake.Transform.Trades;

/// <summary>
/// One row group of a data file as each column's PLAIN bytes, Parquet's own value encoding (see
/// <see cref="PlainEncoder"/>): ids and times little-endian longs (times in µs since the epoch), decimals
/// <see cref="DecimalBytes"/>-byte big-endian two's complement unscaled integers at scale 8, booleans bit-packed
/// least significant bit first, sources a 4-byte little-endian length and UTF-8 each. A serving load turns these
/// straight into its database's wire format, without ever making decimals or rows of them.
/// </summary>
public sealed class TradeRowGroup
{
    public static readonly int DecimalBytes = TradesTableSchema.WrittenColumns[1].TypeLength;

    private readonly byte[][] _columns;

    private TradeRowGroup(int rows, byte[][] columns)
    {
        Rows = rows;
        _columns = columns;
    }

    public int Rows { get; }

    public ReadOnlySpan<byte> Ids => _columns[0];
    public ReadOnlySpan<byte> Prices => _columns[1];
    public ReadOnlySpan<byte> Qtys => _columns[2];
    public ReadOnlySpan<byte> QuoteQtys => _columns[3];
    public ReadOnlySpan<byte> TimesMicros => _columns[4];
    public ReadOnlySpan<byte> BuyerMaker => _columns[5];
    public ReadOnlySpan<byte> BestMatch => _columns[6];
    public ReadOnlySpan<byte> Sources => _columns[7];

    internal static TradeRowGroup Read(ParquetFileReader file, int rowGroup)
    {
        var rows = file.RowsOf(rowGroup);
        var columns = TradesTableSchema.WrittenColumns.Select((_, c) => file.ReadColumn(rowGroup, c)).ToArray();
        // Checked once here, so a damaged page fails with a clear message rather than a bad slice deep in an encoder.
        long[] lengths = [8L * rows, (long)DecimalBytes * rows, (long)DecimalBytes * rows, (long)DecimalBytes * rows, 8L * rows, (rows + 7) / 8, (rows + 7) / 8];
        if (lengths.Where((length, c) => columns[c].Length != length).Any() || columns[7].Length < 4L * rows)
            throw new InvalidDataException($"A row group of {rows} rows has a page of another length than its rows need.");
        return new TradeRowGroup(rows, columns);
    }
}
