using Binance.Lake.Simulator.History;

namespace Binance.Lake.Simulator.Http;

/// <summary>
/// GET /api/v3/aggTrades with Binance's selection rules: fromId alone pages by aggregate id;
/// startTime → oldest from there; endTime → newest up to there; both → from start, not past end;
/// neither → newest. Times are inclusive and may be ms or µs (≥ 1e15 means µs).
/// </summary>
internal sealed class AggTradesEndpoint : IEndpoint
{
    private const long MicrosThreshold = 1_000_000_000_000_000;

    public string Path => "/api/v3/aggTrades";
    public int Weight => 4;
    public bool FaultEligible => true;

    public EndpointResponse Handle(RequestContext c)
    {
        var history = QueryParams.Symbol(c);
        int limit = QueryParams.Limit(c.Query);
        long? fromId = QueryParams.OptionalNumber(c.Query, "fromId");
        long? startTime = QueryParams.OptionalNumber(c.Query, "startTime");
        long? endTime = QueryParams.OptionalNumber(c.Query, "endTime");
        if (fromId is not null && (startTime is not null || endTime is not null)) throw BinanceErrors.BadCombination();

        long now = c.NowMicros;
        long floor = FirstServedAgg(history, c);
        long newest = history.NewestAggId(now);
        long first, last;
        if (fromId is not null)
        {
            first = Math.Max(fromId.Value, floor);
            last = newest;
        }
        else
        {
            first = startTime is { } s ? Math.Max(history.FirstAggIdAtOrAfter(StartMicros(s), now), floor) : floor;
            last = endTime is { } e ? Math.Min(history.FirstAggIdAtOrAfter(EndMicrosExclusive(e, now), now) - 1, newest) : newest;
            // Only endTime (or nothing): the newest `limit` aggregates up to the end.
            if (startTime is null) first = Math.Max(first, last - limit + 1);
        }
        if (first > last) return new(TradeJson.AggTrades([], c.Unit));
        int count = (int)Math.Min(limit, last - first + 1);
        return new(TradeJson.AggTrades(history.GetAggTrades(first, count, now), c.Unit));
    }

    private static long StartMicros(long value) => value >= MicrosThreshold ? value : value * 1000;

    /// <summary>An inclusive ms endTime covers that whole millisecond; clamped to now to avoid overflow.</summary>
    private static long EndMicrosExclusive(long value, long nowMicros)
    {
        long inclusive = value >= MicrosThreshold ? value : value * 1000 + 999;
        return Math.Min(inclusive, nowMicros) + 1;
    }

    /// <summary>The floor applies to aggregates too: one whose first trade is below it is not served.</summary>
    private static long FirstServedAgg(ITradeHistory history, RequestContext c)
    {
        if (c.RestFloorId <= history.FirstId) return history.FirstAggId;
        if (c.RestFloorId > history.NewestId(c.NowMicros)) return history.NewestAggId(c.NowMicros) + 1;
        long agg = history.AggIdOfTrade(c.RestFloorId, c.NowMicros);
        var containing = history.GetAggTrades(agg, 1, c.NowMicros);
        return containing.Count > 0 && containing[0].FirstTradeId < c.RestFloorId ? agg + 1 : agg;
    }
}
