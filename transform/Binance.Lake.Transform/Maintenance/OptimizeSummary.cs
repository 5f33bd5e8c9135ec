namespace Binance.Lake.Transform.Maintenance;

/// <summary>What an optimize run did. <see cref="Version"/> is null when every partition was already optimal.</summary>
/// <param name="PartitionsConsidered">Partitions inside the filters.</param>
/// <param name="PartitionsRewritten">Partitions that had two or more small files.</param>
/// <param name="Rows">Rows written, equal to the rows read minus <paramref name="DuplicatesDropped"/>.</param>
/// <param name="DuplicatesDropped">Rows whose trade id another rewritten row of the partition already had.</param>
public sealed record OptimizeSummary(
    long? Version,
    int PartitionsConsidered,
    int PartitionsRewritten,
    int FilesRemoved,
    int FilesAdded,
    long BytesRemoved,
    long BytesAdded,
    long Rows,
    long DuplicatesDropped,
    double ElapsedSeconds);
