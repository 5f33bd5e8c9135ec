using Binance.Lake.Simulator.History;

namespace Binance.Lake.Simulator.Replay;

/// <summary>
/// A symbol's history taken verbatim from a real capture. It does not grow with time; aggregates
/// are rebuilt Binance's way (consecutive trades with the same time, price and side) with ids from 0.
/// </summary>
internal sealed class ReplayHistory : ITradeHistory
{
    private readonly Trade[] _trades;
    private readonly AggTrade[] _aggs;
    private readonly int[] _aggOfTrade;

    public ReplayHistory(SymbolSpec spec, IReadOnlyList<CapturedTrade> captured)
    {
        Spec = spec;
        _trades = new Trade[captured.Count];
        for (int i = 0; i < captured.Count; i++)
        {
            var c = captured[i];
            if (i > 0 && c.Id != captured[i - 1].Id + 1)
                throw new InvalidDataException($"Replay capture has a gap: id {captured[i - 1].Id} is followed by {c.Id}.");
            if (i > 0 && c.TimeMicros < captured[i - 1].TimeMicros)
                throw new InvalidDataException($"Replay capture goes back in time at id {c.Id}.");
            _trades[i] = new Trade(c.Id, c.TimeMicros, c.PriceE8, c.QtyE8,
                Decimal8.MultiplyTruncated(c.PriceE8, c.QtyE8), c.IsBuyerMaker, c.IsBestMatch);
        }
        (_aggs, _aggOfTrade) = Aggregate(_trades);
    }

    public string Symbol => Spec.Symbol;
    public SymbolSpec Spec { get; }
    public long FirstId => _trades.Length > 0 ? _trades[0].Id : 0;
    public long FirstAggId => 0;
    public long LastId => FirstId + _trades.Length - 1;

    public long NewestId(long nowMicros) => LastId;

    public long NewestAggId(long nowMicros) => _aggs.Length - 1;

    public IReadOnlyList<Trade> GetTrades(long fromId, int count, long nowMicros)
    {
        long from = Math.Max(fromId, FirstId);
        if (count <= 0 || from > LastId) return [];
        int start = (int)(from - FirstId);
        int n = (int)Math.Min(count, _trades.Length - start);
        return new ArraySegment<Trade>(_trades, start, n);
    }

    public long FirstTradeIdAtOrAfter(long timeMicros, long nowMicros) =>
        FirstId + LowerBound(_trades.Length, i => _trades[i].TimeMicros, timeMicros);

    public IReadOnlyList<AggTrade> GetAggTrades(long fromAggId, int count, long nowMicros)
    {
        long from = Math.Max(fromAggId, 0);
        if (count <= 0 || from >= _aggs.Length) return [];
        int n = (int)Math.Min(count, _aggs.Length - from);
        return new ArraySegment<AggTrade>(_aggs, (int)from, n);
    }

    public long FirstAggIdAtOrAfter(long timeMicros, long nowMicros) =>
        LowerBound(_aggs.Length, i => _aggs[i].TimeMicros, timeMicros);

    public long AggIdOfTrade(long tradeId, long nowMicros) =>
        _aggOfTrade[(int)Math.Clamp(tradeId - FirstId, 0, _trades.Length - 1)];

    private static int LowerBound(int length, Func<int, long> timeAt, long target)
    {
        int lo = 0, hi = length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (timeAt(mid) < target) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static (AggTrade[] Aggs, int[] AggOfTrade) Aggregate(Trade[] trades)
    {
        var aggs = new List<AggTrade>();
        var aggOfTrade = new int[trades.Length];
        for (int i = 0; i < trades.Length; i++)
        {
            var t = trades[i];
            if (aggs.Count > 0)
            {
                var last = aggs[^1];
                if (last.TimeMicros == t.TimeMicros && last.PriceE8 == t.PriceE8 && last.IsBuyerMaker == t.IsBuyerMaker)
                {
                    aggs[^1] = last with { QtyE8 = last.QtyE8 + t.QtyE8, LastTradeId = t.Id };
                    aggOfTrade[i] = aggs.Count - 1;
                    continue;
                }
            }
            aggs.Add(new AggTrade(aggs.Count, t.PriceE8, t.QtyE8, t.Id, t.Id, t.TimeMicros, t.IsBuyerMaker, t.IsBestMatch));
            aggOfTrade[i] = aggs.Count - 1;
        }
        return (aggs.ToArray(), aggOfTrade);
    }
}
