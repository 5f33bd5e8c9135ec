namespace Binance.Lake.Transform.Delta;

/// <summary>
/// The <c>add</c> action: a data file that is part of the table from this version on.
/// </summary>
/// <param name="Path">
/// Relative URI of the file, exactly as in the log (see <see cref="PartitionPath.AddPath"/>). The snapshot keys
/// files by this raw string; decode it only to reach storage (<see cref="DeltaTable.DataKey"/>).
/// </param>
/// <param name="PartitionValues">Partition column to serialised value; null means a null partition value.</param>
/// <param name="Stats">Per-file statistics as a JSON string (see <see cref="FileStats"/>), or null.</param>
public sealed record AddFile(
    string Path,
    IReadOnlyDictionary<string, string?> PartitionValues,
    long Size,
    long ModificationTime,
    bool DataChange,
    string? Stats,
    IReadOnlyDictionary<string, string>? Tags)
{
    /// <summary>
    /// The matching <c>remove</c>: the path copied byte for byte (readers compare raw strings, so a re-encoded
    /// path would leave the file live), with the partition values and size Spark also records.
    /// </summary>
    /// <param name="deletionTimestamp">Milliseconds since the epoch; vacuum keeps the file until it is older than the retention.</param>
    /// <param name="dataChange">False for a rewrite that changes no rows (compaction).</param>
    public RemoveFile ToRemove(long deletionTimestamp, bool dataChange = true) =>
        new(Path, deletionTimestamp, dataChange, ExtendedFileMetadata: true, PartitionValues, Size);
}
