using Binance.Lake.Core.Lake;
using Binance.Lake.Serving;
using Binance.Lake.Transform.Trades;
using Npgsql;
using NpgsqlTypes;

namespace Binance.Lake.Benchmarks;

/// <summary>
/// The load benchmark's baseline writer: rows into a binary COPY through Npgsql's importer, value by value, in
/// <see cref="ServedColumns.Names"/> order. This is how the load itself wrote them before it encoded the COPY
/// stream on its own, and it stays the plain way any client would write them.
/// </summary>
internal static class NpgsqlTradeImport
{
    private static readonly Dictionary<RawSource, string> SourceNames = Enum.GetValues<RawSource>().ToDictionary(s => s, s => s.FolderName());

    /// <summary>Synchronous writes: Npgsql buffers them, and an await per value would only add overhead to the hot loop.</summary>
    public static void Write(NpgsqlBinaryImporter writer, string instrument, TradeRow[] rows, CancellationToken cancellationToken)
    {
        foreach (var (trade, source) in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            writer.StartRow();
            writer.Write(instrument, NpgsqlDbType.Text);
            writer.Write(trade.Id, NpgsqlDbType.Bigint);
            writer.Write(trade.Price, NpgsqlDbType.Numeric);
            writer.Write(trade.Qty, NpgsqlDbType.Numeric);
            writer.Write(trade.QuoteQty, NpgsqlDbType.Numeric);
            // timestamptz takes only UTC DateTimes; the epoch's Kind is Utc, and µs are whole ticks.
            writer.Write(DateTime.UnixEpoch.AddTicks(trade.TimeMicros * 10), NpgsqlDbType.TimestampTz);
            writer.Write(trade.IsBuyerMaker, NpgsqlDbType.Boolean);
            writer.Write(trade.IsBestMatch, NpgsqlDbType.Boolean);
            writer.Write(SourceNames[source], NpgsqlDbType.Text);
        }
    }
}
