using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;
using Parquet;

namespace Binance.Lake.Transform.Trades;

/// <summary>Reads the curated table's data files: the trade ids alone (dedupe, audit) or whole rows (optimize).</summary>
public static class TradeFileReader
{
    // The source column holds RawSource folder names; a lookup beats asking every enum value per row.
    private static readonly Dictionary<string, RawSource> Sources =
        Enum.GetValues<RawSource>().ToDictionary(s => s.FolderName(), StringComparer.Ordinal);

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

    private static async Task ReadRowGroupAsync(ParquetRowGroupReader group, Memory<TradeRow> target, CancellationToken cancellationToken)
    {
        var count = target.Length;
        var ids = new long[count];
        var prices = new decimal[count];
        var qtys = new decimal[count];
        var quoteQtys = new decimal[count];
        var times = new DateTime[count];
        var buyerMaker = new bool[count];
        var bestMatch = new bool[count];
        var sources = new string?[count];
        await group.ReadAsync(TradesTableSchema.TradeId, ids.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.ReadAsync(TradesTableSchema.Price, prices.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.ReadAsync(TradesTableSchema.Qty, qtys.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.ReadAsync(TradesTableSchema.QuoteQty, quoteQtys.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.ReadAsync(TradesTableSchema.TradeTime, times.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.ReadAsync(TradesTableSchema.IsBuyerMaker, buyerMaker.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.ReadAsync(TradesTableSchema.IsBestMatch, bestMatch.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.ReadAsync(TradesTableSchema.Source, sources.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);

        var span = target.Span;
        for (var i = 0; i < count; i++)
        {
            if (sources[i] is not { } name || !Sources.TryGetValue(name, out var source))
                throw new InvalidDataException($"Data file row with trade id {ids[i]} has an unknown source '{sources[i]}'.");
            // The writer stores whole microseconds, so the tick count divides exactly.
            var micros = (times[i] - DateTime.UnixEpoch).Ticks / 10;
            span[i] = new TradeRow(new Trade(ids[i], prices[i], qtys[i], quoteQtys[i], micros, buyerMaker[i], bestMatch[i]), source);
        }
    }
}
