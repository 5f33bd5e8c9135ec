using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.Rest;

namespace Binance.Lake.Extract.Backfill.IdLocators;

/// <summary>
/// One <c>aggTrades?startTime=T&amp;limit=1</c> request: the first aggregate at or after T starts with the
/// first trade at or after T (an aggregate's trades share one timestamp), and its <c>f</c> is that trade's id.
/// </summary>
public sealed class AggTradesIdLocator(BinanceRestClient client) : ITradeIdLocator
{
    public async Task<long> FirstIdAtOrAfterAsync(string symbol, DateTimeOffset time, Trade newest, CancellationToken cancellationToken)
    {
        var aggregates = await client.GetAggTradesFromAsync(symbol, time, 1, cancellationToken).ConfigureAwait(false);
        return aggregates.Count == 0 ? newest.Id + 1 : aggregates[0].FirstTradeId;
    }
}
