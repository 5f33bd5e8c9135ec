namespace Binance.Lake.Simulator.History;

/// <summary>
/// Synthetic history of one symbol: ids from 0 at genesis (UTC midnight), one aggregate per taker
/// order, every trade recomputed on demand from (seed, symbol, second). Trades exist only up to "now",
/// so the newest id advances with the clock.
/// </summary>
internal sealed class GeneratedHistory : ITradeHistory
{
    private const long MicrosPerSecond = 1_000_000;

    private readonly ActivityModel _activity;
    private readonly PriceModel _prices;
    private readonly PrefixIndex _index;
    private readonly long _genesisMicros;

    public GeneratedHistory(SymbolSpec spec, ulong seed, double tradesPerSecond, long genesisSecond)
    {
        Spec = spec;
        ulong key = SplitMix.Mix(seed, SplitMix.HashString(spec.Symbol));
        _activity = new ActivityModel(key, tradesPerSecond);
        _prices = new PriceModel(spec, key);
        _index = PrefixIndexCache.Get(key, tradesPerSecond, genesisSecond, _activity);
        _genesisMicros = genesisSecond * MicrosPerSecond;
    }

    public string Symbol => Spec.Symbol;
    public SymbolSpec Spec { get; }
    public long FirstId => 0;
    public long FirstAggId => 0;
    public long GenesisSecond => _index.GenesisSecond;

    public long NewestId(long nowMicros) => CountBefore(nowMicros + 1).Trades - 1;

    public long NewestAggId(long nowMicros) => CountBefore(nowMicros + 1).Orders - 1;

    public long FirstTradeIdAtOrAfter(long timeMicros, long nowMicros) =>
        CountBefore(Math.Min(timeMicros, nowMicros + 1)).Trades;

    public long FirstAggIdAtOrAfter(long timeMicros, long nowMicros) =>
        CountBefore(Math.Min(timeMicros, nowMicros + 1)).Orders;

    public IReadOnlyList<Trade> GetTrades(long fromId, int count, long nowMicros)
    {
        long from = Math.Max(fromId, FirstId);
        long newest = NewestId(nowMicros);
        if (count <= 0 || from > newest) return [];
        long to = Math.Min(newest, from + count - 1);

        var result = new List<Trade>((int)(to - from + 1));
        var pos = _index.AtTrade(from, MaxBucket(nowMicros));
        var detail = new SecondDetail();
        long id = pos.TradesBefore;
        for (long s = pos.Second; id <= to; s++)
        {
            _activity.Fill(s, detail);
            for (int i = 0; i < detail.Orders && id <= to; i++)
            {
                int fills = detail.Fills[i];
                if (id + fills <= from)
                {
                    id += fills;
                    continue;
                }
                ulong orderKey = SplitMix.Mix(detail.OrderKeyBase, (ulong)i);
                long time = s * MicrosPerSecond + detail.Offsets[i];
                long price = _prices.PriceE8(s, detail.Offsets[i], orderKey);
                bool buyerMaker = (orderKey >> 63) != 0;
                for (int f = 0; f < fills && id <= to; f++, id++)
                {
                    if (id < from) continue;
                    long qty = _prices.QtyE8(price, SplitMix.Mix(orderKey, (ulong)f + 1));
                    result.Add(new Trade(id, time, price, qty, Decimal8.MultiplyTruncated(price, qty), buyerMaker, IsBestMatch: true));
                }
            }
        }
        return result;
    }

    public IReadOnlyList<AggTrade> GetAggTrades(long fromAggId, int count, long nowMicros)
    {
        long from = Math.Max(fromAggId, FirstAggId);
        long newest = NewestAggId(nowMicros);
        if (count <= 0 || from > newest) return [];
        long to = Math.Min(newest, from + count - 1);

        var result = new List<AggTrade>((int)(to - from + 1));
        var pos = _index.AtOrder(from, MaxBucket(nowMicros));
        var detail = new SecondDetail();
        long aggId = pos.OrdersBefore, tradeId = pos.TradesBefore;
        for (long s = pos.Second; aggId <= to; s++)
        {
            _activity.Fill(s, detail);
            for (int i = 0; i < detail.Orders && aggId <= to; i++, aggId++)
            {
                int fills = detail.Fills[i];
                long first = tradeId;
                tradeId += fills;
                if (aggId < from) continue;
                ulong orderKey = SplitMix.Mix(detail.OrderKeyBase, (ulong)i);
                long price = _prices.PriceE8(s, detail.Offsets[i], orderKey);
                long qty = 0;
                for (int f = 0; f < fills; f++)
                    qty += _prices.QtyE8(price, SplitMix.Mix(orderKey, (ulong)f + 1));
                result.Add(new AggTrade(aggId, price, qty, first, first + fills - 1,
                    s * MicrosPerSecond + detail.Offsets[i], (orderKey >> 63) != 0, IsBestMatch: true));
            }
        }
        return result;
    }

    public long AggIdOfTrade(long tradeId, long nowMicros)
    {
        var pos = _index.AtTrade(Math.Max(tradeId, 0), MaxBucket(nowMicros));
        var detail = new SecondDetail();
        _activity.Fill(pos.Second, detail);
        long id = pos.TradesBefore;
        for (int i = 0; i < detail.Orders; i++)
        {
            id += detail.Fills[i];
            if (id > tradeId) return pos.OrdersBefore + i;
        }
        // Unreachable for an existing trade: AtTrade returned the second that contains it.
        throw new InvalidOperationException($"Trade {tradeId} is not in second {pos.Second}.");
    }

    private int MaxBucket(long nowMicros) => Math.Max(0, _index.BucketOf(nowMicros / MicrosPerSecond));

    /// <summary>Trades and orders with time strictly before <paramref name="timeMicros"/>.</summary>
    private (long Trades, long Orders) CountBefore(long timeMicros)
    {
        if (timeMicros <= _genesisMicros) return (0, 0);
        long second = timeMicros / MicrosPerSecond;
        int offset = (int)(timeMicros % MicrosPerSecond);
        var pos = _index.AtSecond(second);
        long trades = pos.TradesBefore, orders = pos.OrdersBefore;
        if (offset == 0) return (trades, orders);
        var detail = new SecondDetail();
        _activity.Fill(second, detail);
        for (int i = 0; i < detail.Orders && detail.Offsets[i] < offset; i++)
        {
            trades += detail.Fills[i];
            orders++;
        }
        return (trades, orders);
    }
}
