using Binance.Lake.Transform.Delta.Log;

namespace Binance.Lake.Transform.Delta;

/// <summary>
/// The table as of one version: protocol, metadata, live files, tombstones and application transactions.
/// Immutable; load a new one to see later commits.
/// </summary>
public sealed class Snapshot
{
    private readonly Dictionary<string, AddFile> _files;
    private readonly Dictionary<string, Txn> _txns;
    private readonly RemoveFile[] _tombstones;

    internal Snapshot(
        DeltaTable table,
        long version,
        Protocol protocol,
        Metadata metadata,
        LogState state,
        DateTimeOffset timestamp,
        CommitInfo? commitInfo,
        DateTimeOffset now)
    {
        Table = table;
        Version = version;
        Protocol = protocol;
        Metadata = metadata;
        Timestamp = timestamp;
        CommitInfo = commitInfo;
        _txns = state.Txns;
        // Every partition column present in every file's map, so a missing key reads as null like the protocol says.
        _files = state.Files;
        foreach (var (path, add) in state.Files.ToList())
        {
            var complete = PartitionValues.Complete(add.PartitionValues, metadata.PartitionColumns);
            if (!ReferenceEquals(complete, add.PartitionValues))
                _files[path] = add with { PartitionValues = complete };
        }
        // Expired tombstones only matter to nobody: vacuum may already have deleted their files.
        var oldestKept = (now - TableProperties.DeletedFileRetention(metadata)).ToUnixTimeMilliseconds();
        _tombstones = state.Tombstones.Values.Where(r => (r.DeletionTimestamp ?? 0) > oldestKept).ToArray();
        AppTransactions = _txns.ToDictionary(kv => kv.Key, kv => kv.Value.Version, StringComparer.Ordinal);
    }

    public long Version { get; }

    public Protocol Protocol { get; }

    public Metadata Metadata { get; }

    /// <summary>Live data files, keyed internally by their raw <see cref="AddFile.Path"/>.</summary>
    public IReadOnlyCollection<AddFile> Files => _files.Values;

    /// <summary>
    /// Removed files whose tombstone has not expired (deletionTimestamp within delta.deletedFileRetentionDuration,
    /// default a week, of when the snapshot was loaded): what vacuum must keep and checkpoints must carry.
    /// </summary>
    public IReadOnlyCollection<RemoveFile> Tombstones => _tombstones;

    /// <summary>Latest txn version per appId.</summary>
    public IReadOnlyDictionary<string, long> AppTransactions { get; }

    /// <summary>When the commit at <see cref="Version"/> happened: its commitInfo.timestamp, else the file's modification time.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The commitInfo of the commit at <see cref="Version"/>, when it has one and its file still exists.</summary>
    public CommitInfo? CommitInfo { get; }

    internal DeltaTable Table { get; }

    internal IReadOnlyCollection<Txn> Txns => _txns.Values;

    /// <summary>The latest batch version recorded for <paramref name="appId"/>, or null if it never wrote one.</summary>
    public long? TxnVersion(string appId) => _txns.TryGetValue(appId, out var txn) ? txn.Version : null;

    /// <summary>The live file with exactly this raw path, or null.</summary>
    public AddFile? FindFile(string path) => _files.GetValueOrDefault(path);

    public override string ToString() => $"{Table.Name} @ {Version} ({_files.Count} files)";
}
