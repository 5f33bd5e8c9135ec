using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;
using Parquet;

namespace Binance.Lake.Transform.Trades;

/// <summary>
/// One row group's worth of trades as the column buffers Parquet reads and writes, and the conversion to and
/// from rows: the single place that knows how a <see cref="TradeRow"/> maps onto the data file's columns.
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

    public static TradeColumns From(IReadOnlyList<TradeRow> rows, int start, int count)
    {
        var columns = new TradeColumns(count);
        for (var i = 0; i < count; i++)
        {
            var (trade, source) = rows[start + i];
            columns._ids[i] = trade.Id;
            columns._prices[i] = trade.Price;
            columns._qtys[i] = trade.Qty;
            columns._quoteQtys[i] = trade.QuoteQty;
            columns._times[i] = DateTime.UnixEpoch.AddTicks(trade.TimeMicros * 10);
            columns._buyerMaker[i] = trade.IsBuyerMaker;
            columns._bestMatch[i] = trade.IsBestMatch;
            columns._sources[i] = source.FolderName();
        }
        return columns;
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

    public async Task WriteAsync(ParquetRowGroupWriter group, CancellationToken cancellationToken)
    {
        await group.WriteAsync(TradesTableSchema.TradeId, (ReadOnlyMemory<long>)_ids, cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(TradesTableSchema.Price, (ReadOnlyMemory<decimal>)_prices, cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(TradesTableSchema.Qty, (ReadOnlyMemory<decimal>)_qtys, cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(TradesTableSchema.QuoteQty, (ReadOnlyMemory<decimal>)_quoteQtys, cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(TradesTableSchema.TradeTime, (ReadOnlyMemory<DateTime>)_times, cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(TradesTableSchema.IsBuyerMaker, (ReadOnlyMemory<bool>)_buyerMaker, cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(TradesTableSchema.IsBestMatch, (ReadOnlyMemory<bool>)_bestMatch, cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(TradesTableSchema.Source, _sources!, null).ConfigureAwait(false);
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
