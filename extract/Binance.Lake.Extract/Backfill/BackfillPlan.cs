using Binance.Lake.Core.Trades;

namespace Binance.Lake.Extract.Backfill;

/// <summary>
/// A request resolved to trade ids, fixed when the run starts and kept in the journal so that a resumed
/// run walks exactly the same chunks (the newest trade keeps moving; the plan does not).
/// </summary>
public sealed record BackfillPlan(
    string Symbol,
    string Mode,
    string Key,
    BackfillDirection Direction,
    long FirstId,
    long LastId,
    int ChunkLimit,
    IReadOnlyList<IdRange> NotServed,
    DateTimeOffset CreatedAt)
{
    public IdRange Range => new(FirstId, LastId);

    public long ChunkCount => Range.IsEmpty ? 0 : (Range.Count + ChunkLimit - 1) / ChunkLimit;

    /// <summary>Chunk k: n ids counted from the start of the walk (the first id forwards, the last id backwards).</summary>
    public IdRange Chunk(long k) => Direction == BackfillDirection.Forward
        ? new IdRange(FirstId + k * ChunkLimit, Math.Min(FirstId + (k + 1) * ChunkLimit - 1, LastId))
        : new IdRange(Math.Max(LastId - (k + 1) * ChunkLimit + 1, FirstId), LastId - k * ChunkLimit);
}
