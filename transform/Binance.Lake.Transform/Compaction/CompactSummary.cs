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
    double ElapsedSeconds);
