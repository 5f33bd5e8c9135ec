using Binance.Lake.Core.Trades;

namespace Binance.Lake.Extract.Backfill.IdLocators;

/// <summary>Finds the first trade at or after a time: how a date becomes a trade id.</summary>
public interface ITradeIdLocator
{
    /// <summary>
    /// The id of the first trade whose time is at or after <paramref name="time"/>; <c>newest.Id + 1</c>
    /// when no such trade exists yet. Ids below the REST retention floor are never returned.
    /// </summary>
    Task<long> FirstIdAtOrAfterAsync(string symbol, DateTimeOffset time, Trade newest, CancellationToken cancellationToken);
}
