using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.Backfill.IdLocators;
using Binance.Lake.Extract.Rest;

namespace Binance.Lake.Extract.Backfill;

/// <summary>Turns a request into trade ids: the newest trade, the date boundaries, and the REST retention floor.</summary>
public sealed class BackfillPlanner(BinanceRestClient client, ITradeIdLocator locator, TimeProvider time)
{
    public async Task<BackfillPlan> PlanAsync(BackfillRequest request, CancellationToken cancellationToken)
    {
        var symbol = request.Symbol;
        var newest = await NewestTradeAsync(symbol, cancellationToken).ConfigureAwait(false);
        var notServed = new List<IdRange>();
        var (first, last, direction) = request.Mode switch
        {
            BackfillMode.Reverse { FirstDate: { } date } => (await DayStartAsync(date), newest.Id, BackfillDirection.Backward),
            BackfillMode.Reverse => (await IdStartAsync(0), newest.Id, BackfillDirection.Backward),
            BackfillMode.FromId fromId => (
                fromId.Id <= newest.Id ? await IdStartAsync(fromId.Id) : throw new BackfillInputException(
                    $"--from-id {fromId.Id} is beyond {symbol}'s newest trade ({newest.Id}); nothing to fetch."),
                newest.Id,
                BackfillDirection.Forward),
            BackfillMode.Ids ids => (await IdStartAsync(ids.First), Math.Min(ids.Last, newest.Id), BackfillDirection.Forward),
            BackfillMode.DateRange range => (
                await DayStartAsync(range.From),
                range.To is { } to ? (await BoundaryAsync(symbol, Midnight(to.AddDays(1)), newest, cancellationToken).ConfigureAwait(false)).Id - 1 : newest.Id,
                BackfillDirection.Forward),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Mode, "unknown backfill mode"),
        };
        return new BackfillPlan(symbol, request.Mode.ToString()!, request.Mode.Key, direction, first, last,
            request.ChunkLimit, notServed, time.GetUtcNow());

        // An explicit first id: REST answers a fromId below its retention floor from the floor.
        async Task<long> IdStartAsync(long id)
        {
            var served = await FirstServedFromAsync(symbol, id, cancellationToken).ConfigureAwait(false);
            if (served > id)
                notServed.Add(new IdRange(id, Math.Min(served - 1, newest.Id)));
            return served;
        }

        // The first trade of a day. Below the floor, REST cannot tell which ids the day starts with: all
        // that is known is that nothing under the floor is served.
        async Task<long> DayStartAsync(DateOnly day)
        {
            var (id, floor) = await BoundaryAsync(symbol, Midnight(day), newest, cancellationToken).ConfigureAwait(false);
            if (floor is { } f && f > 0)
                notServed.Add(new IdRange(0, f - 1));
            return id;
        }
    }

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private async Task<Trade> NewestTradeAsync(string symbol, CancellationToken cancellationToken)
    {
        var page = await client.GetRecentTradesAsync(symbol, 1, cancellationToken).ConfigureAwait(false);
        return page.IsEmpty ? throw new BackfillInputException($"{symbol} has no trades; nothing to fetch.") : page.Trades[^1];
    }

    /// <summary>
    /// The first trade at or after <paramref name="time"/>, checked against the trade just before it (one request):
    /// that one must be earlier. If it is not (a locator that skipped trades), the exact search decides. If the
    /// trade before is not served, the answer sits on the REST retention floor, which is returned too.
    /// </summary>
    private async Task<(long Id, long? Floor)> BoundaryAsync(string symbol, DateTimeOffset time, Trade newest, CancellationToken cancellationToken)
    {
        var id = await locator.FirstIdAtOrAfterAsync(symbol, time, newest, cancellationToken).ConfigureAwait(false);
        for (var checkedOnce = false; ; checkedOnce = true)
        {
            if (id == 0 || id > newest.Id)
                return (id, null);
            var before = (await client.GetHistoricalTradesAsync(symbol, id - 1, 1, cancellationToken).ConfigureAwait(false)).Trades[0];
            if (before.Id > id - 1)
                return (id, before.Id);
            if (before.TimeMicros < TimeUnits.ToMicros(time))
                return (id, null);
            if (checkedOnce)
                throw new MalformedResponseException($"trade {before.Id} at {before.Time:O} is not before {time:O}, yet the search found {id} as the first at or after it");
            id = await new InterpolationIdLocator(client).FirstIdAtOrAfterAsync(symbol, time, newest, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<long> FirstServedFromAsync(string symbol, long fromId, CancellationToken cancellationToken)
    {
        var page = await client.GetHistoricalTradesAsync(symbol, fromId, 1, cancellationToken).ConfigureAwait(false);
        return page.IsEmpty ? fromId : page.Trades[0].Id;
    }
}
