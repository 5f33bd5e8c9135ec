using System.Buffers.Binary;
using System.Text;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Tests.Transform;

/// <summary>A row group's PLAIN bytes decoded back into rows, independently of the code under test, to compare them.</summary>
internal static class PlainRows
{
    private static readonly Dictionary<string, RawSource> Sources = Enum.GetValues<RawSource>().ToDictionary(s => s.FolderName());

    public static TradeRow[] Of(TradeRowGroup group)
    {
        var rows = new TradeRow[group.Rows];
        var sources = group.Sources;
        for (var i = 0; i < rows.Length; i++)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(sources);
            var source = Sources[Encoding.UTF8.GetString(sources.Slice(4, length))];
            sources = sources[(4 + length)..];
            rows[i] = new TradeRow(new Trade(
                BinaryPrimitives.ReadInt64LittleEndian(group.Ids[(8 * i)..]),
                Decimal(group.Prices, i), Decimal(group.Qtys, i), Decimal(group.QuoteQtys, i),
                BinaryPrimitives.ReadInt64LittleEndian(group.TimesMicros[(8 * i)..]),
                Bit(group.BuyerMaker, i), Bit(group.BestMatch, i)), source);
        }
        return rows;
    }

    private static decimal Decimal(ReadOnlySpan<byte> column, int index)
    {
        // Sign-extend the big-endian bytes to 16 and read them as one 128-bit integer.
        var width = TradeRowGroup.DecimalBytes;
        var value = column.Slice(width * index, width);
        Span<byte> full = stackalloc byte[16];
        full.Fill((value[0] & 0x80) != 0 ? (byte)0xFF : (byte)0);
        value.CopyTo(full[(16 - width)..]);
        return (decimal)BinaryPrimitives.ReadInt128BigEndian(full) / 100_000_000m;
    }

    private static bool Bit(ReadOnlySpan<byte> bits, int index) => (bits[index / 8] & (1 << (index % 8))) != 0;
}
