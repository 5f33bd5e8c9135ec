namespace Binance.Lake.Transform.Delta;

/// <summary>
/// The <c>remove</c> action: the file at <paramref name="Path"/> is no longer part of the table. It stays on
/// storage as a tombstone until vacuum deletes it after the retention period.
/// </summary>
/// <param name="Path">The exact <see cref="AddFile.Path"/> string of the file being removed.</param>
/// <param name="ExtendedFileMetadata">True when <paramref name="PartitionValues"/> and <paramref name="Size"/> are present.</param>
public sealed record RemoveFile(
    string Path,
    long? DeletionTimestamp,
    bool DataChange,
    bool? ExtendedFileMetadata,
    IReadOnlyDictionary<string, string?>? PartitionValues,
    long? Size);
