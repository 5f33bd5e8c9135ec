namespace Binance.Lake.Extract.Backfill;

/// <summary>Live counters of a run, read by progress displays while workers update them.</summary>
public sealed class BackfillProgress
{
    private long _chunksDone, _tradesFetched, _filesWritten;

    public BackfillPlan? Plan { get; internal set; }

    /// <summary>Ids of the plan that the raw zone already held when the run started (resumed runs).</summary>
    public long TradesAlreadyPresent { get; internal set; }

    public long ChunksDone => Interlocked.Read(ref _chunksDone);
    public long TradesFetched => Interlocked.Read(ref _tradesFetched);
    public long FilesWritten => Interlocked.Read(ref _filesWritten);

    public long TradesToFetch => Plan is null ? 0 : Plan.Range.Count - TradesAlreadyPresent;

    internal void ChunkDone() => Interlocked.Increment(ref _chunksDone);

    internal void FileWritten(long trades)
    {
        Interlocked.Add(ref _tradesFetched, trades);
        Interlocked.Increment(ref _filesWritten);
    }
}
