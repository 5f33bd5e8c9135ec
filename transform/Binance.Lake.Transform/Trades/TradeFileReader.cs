using Parquet;

namespace Binance.Lake.Transform.Trades;

/// <summary>Reads the curated table's data files: the trade ids alone (dedupe, audit) or whole rows (optimize).</summary>
public static class TradeFileReader
{
    /// <summary>Every trade id in the file, in file order.</summary>
    public static async Task<long[]> ReadIdsAsync(byte[] file, CancellationToken cancellationToken = default)
    {
        using var input = new MemoryStream(file, writable: false);
        await using var reader = await ParquetReader.CreateAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
        var ids = new long[reader.Metadata?.NumRows ?? 0];
        var offset = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = (int)group.RowCount;
            await group.ReadAsync(TradesTableSchema.TradeId, ids.AsMemory(offset, count), cancellationToken: cancellationToken).ConfigureAwait(false);
            offset += count;
        }
        return ids;
    }
}
