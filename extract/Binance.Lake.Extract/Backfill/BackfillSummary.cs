using Binance.Lake.Core.Trades;

namespace Binance.Lake.Extract.Backfill;

/// <summary>What a run did, for people (a table) and scripts (<c>--json</c>).</summary>
public sealed record BackfillSummary(
    string Symbol,
    string Mode,
    long FirstId,
    long LastId,
    long Trades,
    long TradesFetched,
    long TradesAlreadyPresent,
    long Chunks,
    long FilesWritten,
    long Requests,
    long Retries,
    long RateLimited,
    long WeightUsed,
    double ElapsedSeconds,
    bool Resumed,
    string Files,
    IReadOnlyList<IdRange> NotServed)
{
    /// <summary>Every id of the plan is in the raw zone.</summary>
    public bool Complete => NotServed.Count == 0;
}
