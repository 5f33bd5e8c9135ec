using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.Rest;

namespace Binance.Lake.Extract.Backfill.IdLocators;

/// <summary>
/// The brief's search: assume trades spread evenly between two known trades, read the page where the
/// time should fall, and narrow the bracket. Interpolation converges in a few pages on smooth
/// histories; a bisection step every other round bounds the worst case (bursty days) to O(log n).
/// Kept as the fallback for venues or mirrors without <c>aggTrades</c>.
/// </summary>
public sealed class InterpolationIdLocator(BinanceRestClient client, int pageSize = 1000) : ITradeIdLocator
{
    public int Probes { get; private set; }

    public async Task<long> FirstIdAtOrAfterAsync(string symbol, DateTimeOffset time, Trade newest, CancellationToken cancellationToken)
    {
        var target = TimeUnits.ToMicros(time);
        if (newest.TimeMicros < target)
            return newest.Id + 1;

        // The oldest trade REST serves (id 0, or the retention floor).
        var oldest = (await FetchAsync(symbol, 0, 1, cancellationToken).ConfigureAwait(false)).Trades[0];
        if (oldest.TimeMicros >= target)
            return oldest.Id;

        // Invariant: lo.Time < target <= hi.Time; the answer lies in (lo.Id, hi.Id].
        var (lo, hi) = (oldest, newest);
        for (var round = 0; hi.Id - lo.Id > 1; round++)
        {
            var span = hi.Id - lo.Id - 1;
            long from;
            if (span <= pageSize)
                from = lo.Id + 1;
            else
            {
                var guess = round % 2 == 0
                    ? lo.Id + (long)((double)(target - lo.TimeMicros) / (hi.TimeMicros - lo.TimeMicros) * (hi.Id - lo.Id))
                    : lo.Id + (hi.Id - lo.Id) / 2;
                from = Math.Clamp(guess - pageSize / 2, lo.Id + 1, hi.Id - pageSize);
            }
            var page = (await FetchAsync(symbol, from, (int)Math.Min(pageSize, span), cancellationToken).ConfigureAwait(false)).Trades;
            foreach (var trade in page)
            {
                if (trade.TimeMicros >= target)
                {
                    if (trade.Id == lo.Id + 1 || trade.Id != page[0].Id)
                        return trade.Id; // the trade before it is in this page (or is lo), and is earlier
                    hi = trade;
                    break;
                }
                lo = trade;
            }
        }
        return hi.Id;
    }

    private async Task<TradePage> FetchAsync(string symbol, long fromId, int limit, CancellationToken cancellationToken)
    {
        Probes++;
        var page = await client.GetHistoricalTradesAsync(symbol, fromId, limit, cancellationToken).ConfigureAwait(false);
        return page.IsEmpty ? throw new MalformedResponseException($"no trades from id {fromId} although newer trades exist") : page;
    }
}
