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
        var (first, last, direction) = request.Mode switch
        {
            BackfillMode.Reverse reverse => (
                reverse.FirstDate is { } date ? await IdAtAsync(symbol, date, newest, cancellationToken).ConfigureAwait(false) : 0,
                newest.Id,
                BackfillDirection.Backward),
            BackfillMode.FromId fromId => (
                fromId.Id <= newest.Id ? fromId.Id : throw new BackfillInputException(
                    $"--from-id {fromId.Id} is beyond {symbol}'s newest trade ({newest.Id}); nothing to fetch."),
                newest.Id,
                BackfillDirection.Forward),
            BackfillMode.DateRange range => (
                await IdAtAsync(symbol, range.From, newest, cancellationToken).ConfigureAwait(false),
                range.To is { } to ? await IdAtAsync(symbol, to.AddDays(1), newest, cancellationToken).ConfigureAwait(false) - 1 : newest.Id,
                BackfillDirection.Forward),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Mode, "unknown backfill mode"),
        };

        var notServed = new List<IdRange>();
        if (first <= last)
        {
            var floor = await OldestServedFromAsync(symbol, first, cancellationToken).ConfigureAwait(false);
            if (floor > first)
            {
                notServed.Add(new IdRange(first, Math.Min(floor - 1, last)));
                first = floor;
            }
        }
        return new BackfillPlan(symbol, request.Mode.ToString()!, request.Mode.Key, direction, first, last,
            request.ChunkLimit, notServed, time.GetUtcNow());
    }

    private async Task<Trade> NewestTradeAsync(string symbol, CancellationToken cancellationToken)
    {
        var page = await client.GetRecentTradesAsync(symbol, 1, cancellationToken).ConfigureAwait(false);
        return page.IsEmpty ? throw new BackfillInputException($"{symbol} has no trades; nothing to fetch.") : page.Trades[^1];
    }

    private Task<long> IdAtAsync(string symbol, DateOnly date, Trade newest, CancellationToken cancellationToken) =>
        locator.FirstIdAtOrAfterAsync(symbol, new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), newest, cancellationToken);

    /// <summary>
    /// Binance no longer serves the oldest trades of big symbols: a <c>fromId</c> below its retention
    /// floor returns trades from the floor. One probe tells where REST history starts.
    /// </summary>
    private async Task<long> OldestServedFromAsync(string symbol, long fromId, CancellationToken cancellationToken)
    {
        var page = await client.GetHistoricalTradesAsync(symbol, fromId, 1, cancellationToken).ConfigureAwait(false);
        return page.IsEmpty ? fromId : page.Trades[0].Id;
    }
}
