namespace Binance.Lake.Simulator.Http;

/// <summary>
/// GET /api/v3/historicalTrades: pages by fromId (inclusive, ascending). Ids below the REST floor
/// are served from the floor, as Binance does for trades it no longer keeps (binance-public-data#376).
/// </summary>
internal sealed class HistoricalTradesEndpoint : IEndpoint
{
    public string Path => "/api/v3/historicalTrades";
    public int Weight => 25;
    public bool FaultEligible => true;

    public EndpointResponse Handle(RequestContext c)
    {
        var history = QueryParams.Symbol(c);
        int limit = QueryParams.Limit(c.Query);
        long? fromId = QueryParams.OptionalNumber(c.Query, "fromId");
        if (fromId is null) return new(TradeJson.Trades(RecentTrades.Get(history, limit, c), c.Unit));

        long from = Math.Max(fromId.Value, Math.Max(c.RestFloorId, history.FirstId));
        return new(TradeJson.Trades(history.GetTrades(from, limit, c.NowMicros), c.Unit));
    }
}
