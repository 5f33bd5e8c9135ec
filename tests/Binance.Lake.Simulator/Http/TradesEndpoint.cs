namespace Binance.Lake.Simulator.Http;

/// <summary>GET /api/v3/trades: the most recent trades, no paging.</summary>
internal sealed class TradesEndpoint : IEndpoint
{
    public string Path => "/api/v3/trades";
    public int Weight => 25;
    public bool FaultEligible => true;

    public EndpointResponse Handle(RequestContext c)
    {
        var history = QueryParams.Symbol(c);
        int limit = QueryParams.Limit(c.Query);
        return new(TradeJson.Trades(RecentTrades.Get(history, limit, c), c.Unit));
    }
}
