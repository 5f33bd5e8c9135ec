using Binance.Lake.Core.Lake;
using Binance.Lake.Transform.Trades;
using Parquet;

namespace Binance.Lake.Tests.Transform;

/// <summary>
/// A data file of the table's schema as another writer lays it out (Spark, delta-rs): here Parquet.Net, with its own
/// created_by, encodings and row groups of the given size.
/// </summary>
internal static class ForeignTradeFile
{
    public static async Task<ReadOnlyMemory<byte>> WriteAsync(TradeRow[] rows, int rowGroupSize = 1_000)
    {
        var output = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(TradesTableSchema.DataFile, output))
        {
            foreach (var chunk in rows.Chunk(rowGroupSize))
            {
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<long>(TradesTableSchema.TradeId, chunk.Select(r => r.Trade.Id).ToArray());
                await group.WriteAsync<decimal>(TradesTableSchema.Price, chunk.Select(r => r.Trade.Price).ToArray());
                await group.WriteAsync<decimal>(TradesTableSchema.Qty, chunk.Select(r => r.Trade.Qty).ToArray());
                await group.WriteAsync<decimal>(TradesTableSchema.QuoteQty, chunk.Select(r => r.Trade.QuoteQty).ToArray());
                await group.WriteAsync<DateTime>(TradesTableSchema.TradeTime, chunk.Select(r => DateTime.UnixEpoch.AddTicks(r.Trade.TimeMicros * 10)).ToArray());
                await group.WriteAsync<bool>(TradesTableSchema.IsBuyerMaker, chunk.Select(r => r.Trade.IsBuyerMaker).ToArray());
                await group.WriteAsync<bool>(TradesTableSchema.IsBestMatch, chunk.Select(r => r.Trade.IsBestMatch).ToArray());
                await group.WriteAsync<ReadOnlyMemory<char>>(TradesTableSchema.Source, chunk.Select(r => r.Source.FolderName().AsMemory()).ToArray());
            }
        }
        return output.ToArray();
    }
}
