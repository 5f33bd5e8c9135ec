using Binance.Lake.Core.Lake;
using Parquet;

namespace Binance.Lake.Transform.Trades;

/// <summary>Writes trades (already sorted by id) as one Snappy Parquet data file of the curated table.</summary>
public static class TradeFileWriter
{
    // Row groups of a million rows keep a reader's column buffers modest on the largest files.
    private const int RowGroupSize = 1_000_000;

    public static async Task<byte[]> WriteAsync(IReadOnlyList<TradeRow> rows, CancellationToken cancellationToken = default)
    {
        using var output = new MemoryStream();
        // Snappy, the lake's codec, is spelled out although it is Parquet.Net's default.
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        await using (var writer = await ParquetWriter.CreateAsync(TradesTableSchema.DataFile, output, options,
                         cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            for (var start = 0; start < rows.Count; start += RowGroupSize)
                await WriteRowGroupAsync(writer, rows, start, Math.Min(RowGroupSize, rows.Count - start), cancellationToken).ConfigureAwait(false);
        }
        return output.ToArray();
    }

    private static async Task WriteRowGroupAsync(ParquetWriter writer, IReadOnlyList<TradeRow> rows, int start, int count, CancellationToken cancellationToken)
    {
        var ids = new long[count];
        var prices = new decimal[count];
        var qtys = new decimal[count];
        var quoteQtys = new decimal[count];
        var times = new DateTime[count];
        var buyerMaker = new bool[count];
        var bestMatch = new bool[count];
        var sources = new string[count];
        for (var i = 0; i < count; i++)
        {
            var (trade, source) = rows[start + i];
            ids[i] = trade.Id;
            prices[i] = trade.Price;
            qtys[i] = trade.Qty;
            quoteQtys[i] = trade.QuoteQty;
            times[i] = DateTime.UnixEpoch.AddTicks(trade.TimeMicros * 10);
            buyerMaker[i] = trade.IsBuyerMaker;
            bestMatch[i] = trade.IsBestMatch;
            sources[i] = source.FolderName();
        }
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(TradesTableSchema.TradeId, (ReadOnlyMemory<long>)ids, cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(TradesTableSchema.Price, (ReadOnlyMemory<decimal>)prices, cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(TradesTableSchema.Qty, (ReadOnlyMemory<decimal>)qtys, cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(TradesTableSchema.QuoteQty, (ReadOnlyMemory<decimal>)quoteQtys, cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(TradesTableSchema.TradeTime, (ReadOnlyMemory<DateTime>)times, cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(TradesTableSchema.IsBuyerMaker, (ReadOnlyMemory<bool>)buyerMaker, cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(TradesTableSchema.IsBestMatch, (ReadOnlyMemory<bool>)bestMatch, cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(TradesTableSchema.Source, sources, null).ConfigureAwait(false);
    }
}
