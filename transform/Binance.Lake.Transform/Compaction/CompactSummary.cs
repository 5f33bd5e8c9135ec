namespace Binance.Lake.Transform.Compaction;

/// <summary>What a compact run did. <see cref="Version"/> is null when there was nothing new to commit.</summary>
public sealed record CompactSummary(
    long? Version,
    int RawFiles,
    long TradesRead,
    long TradesAdded,
    long DuplicatesDropped,
    int Partitions,
    int FilesWritten,
    double ElapsedSeconds)
{
    /// <summary>This work followed by <paramref name="later"/>'s: counts and times added, the table as <paramref name="later"/> left it.</summary>
    public CompactSummary Then(CompactSummary later) => new(
        later.Version ?? Version,
        RawFiles + later.RawFiles,
        TradesRead + later.TradesRead,
        TradesAdded + later.TradesAdded,
        DuplicatesDropped + later.DuplicatesDropped,
        Partitions + later.Partitions,
        FilesWritten + later.FilesWritten,
        ElapsedSeconds + later.ElapsedSeconds);
}
