using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;
using Parquet;

namespace Binance.Lake.Transform.Trades;

/// <summary>
/// One row group's worth of trades as Parquet.Net reads the column buffers, and their conversion to rows
/// (<see cref="TradeFileWriter"/> is the write side).
/// </summary>
internal sealed class TradeColumns
{
    // The source column holds RawSource folder names; a lookup beats asking every enum value per row.
    private static readonly Dictionary<string, RawSource> Sources =
        Enum.GetValues<RawSource>().ToDictionary(s => s.FolderName(), StringComparer.Ordinal);

    private readonly long[] _ids;
    private readonly decimal[] _prices, _qtys, _quoteQtys;
    private readonly DateTime[] _times;
    private readonly bool[] _buyerMaker, _bestMatch;
    private readonly string?[] _sources;

    private TradeColumns(int count)
    {
        _ids = new long[count];
        _prices = new decimal[count];
        _qtys = new decimal[count];
        _quoteQtys = new decimal[count];
        _times = new DateTime[count];
        _buyerMaker = new bool[count];
        _bestMatch = new bool[count];
        _sources = new string?[count];
    }

    public static async Task<TradeColumns> ReadAsync(ParquetRowGroupReader group, CancellationToken cancellationToken)
    {
        var columns = new TradeColumns((int)group.RowCount);
        await group.ReadAsync(TradesTableSchema.TradeId, columns._ids.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.ReadAsync(TradesTableSchema.Price, columns._prices.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.ReadAsync(TradesTableSchema.Qty, columns._qtys.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.ReadAsync(TradesTableSchema.QuoteQty, columns._quoteQtys.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.ReadAsync(TradesTableSchema.TradeTime, columns._times.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.ReadAsync(TradesTableSchema.IsBuyerMaker, columns._buyerMaker.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.ReadAsync(TradesTableSchema.IsBestMatch, columns._bestMatch.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.ReadAsync(TradesTableSchema.Source, columns._sources.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return columns;
    }

    public void CopyTo(Span<TradeRow> target)
    {
        for (var i = 0; i < _ids.Length; i++)
        {
            if (_sources[i] is not { } name || !Sources.TryGetValue(name, out var source))
                throw new InvalidDataException($"Data file row with trade id {_ids[i]} has an unknown source '{_sources[i]}'.");
            // The writer stores whole microseconds, so the tick count divides exactly.
            var micros = (_times[i] - DateTime.UnixEpoch).Ticks / 10;
            target[i] = new TradeRow(new Trade(_ids[i], _prices[i], _qtys[i], _quoteQtys[i], micros, _buyerMaker[i], _bestMatch[i]), source);
        }
    }
}
