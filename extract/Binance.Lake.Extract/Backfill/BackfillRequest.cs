namespace Binance.Lake.Extract.Backfill;

/// <summary>What the user asked for. <see cref="Concurrency"/> is the brief's RESERVED_CONCURRENCY (x), <see cref="ChunkLimit"/> its CHUNK_LIMIT (n).</summary>
public sealed record BackfillRequest(string Symbol, BackfillMode Mode, int ChunkLimit = 1000, int Concurrency = 4, IdSearch IdSearch = IdSearch.AggTrades)
{
    public const int MaxChunkLimit = Rest.BinanceRestClient.MaxTradesPerRequest;
}

/// <summary>How a date becomes a trade id.</summary>
public enum IdSearch
{
    /// <summary>One <c>aggTrades?startTime</c> request (weight 4).</summary>
    AggTrades,

    /// <summary>The brief's interpolation search over <c>historicalTrades</c> pages, assuming trades spread evenly in time.</summary>
    Interpolate,
}
