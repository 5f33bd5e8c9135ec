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

    /// <summary>
    /// Every row of the file, in file order, exactly as <see cref="TradeFileWriter"/> wrote it: the source comes
    /// from the file's own column, so a rewrite keeps where each trade came from.
    /// </summary>
    public static async Task<TradeRow[]> ReadRowsAsync(byte[] file, CancellationToken cancellationToken = default)
    {
        using var input = new MemoryStream(file, writable: false);
        await using var reader = await ParquetReader.CreateAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
        var rows = new TradeRow[reader.Metadata?.NumRows ?? 0];
        var offset = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = (int)group.RowCount;
            await ReadRowGroupAsync(group, rows.AsMemory(offset, count), cancellationToken).ConfigureAwait(false);
            offset += count;
        }
        return rows;
    }

    private static async Task ReadRowGroupAsync(ParquetRowGroupReader group, Memory<TradeRow> target, CancellationToken cancellationToken) =>
        (await TradeColumns.ReadAsync(group, cancellationToken).ConfigureAwait(false)).CopyTo(target.Span);
}
