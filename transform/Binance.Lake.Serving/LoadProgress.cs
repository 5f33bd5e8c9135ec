namespace Binance.Lake.Serving;

/// <summary>Live counters of a load, read by progress displays while it runs.</summary>
public sealed class LoadProgress
{
    private int _partitionsDone;
    private long _rows;

    /// <summary>Partitions the plan writes; null until the plan is made.</summary>
    public int? PartitionsToLoad { get; internal set; }

    public int PartitionsDone => Volatile.Read(ref _partitionsDone);

    public long Rows => Interlocked.Read(ref _rows);

    internal void PartitionDone(long rows)
    {
        Interlocked.Add(ref _rows, rows);
        Interlocked.Increment(ref _partitionsDone);
    }
}
