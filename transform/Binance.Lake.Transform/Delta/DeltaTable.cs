using Binance.Lake.Core.Storage;
using Binance.Lake.Transform.Delta.Checkpoints;
using Binance.Lake.Transform.Delta.Log;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Binance.Lake.Transform.Delta;

/// <summary>
/// A Delta table (reader protocol 1, writer protocol 2) under a key prefix of an <see cref="IObjectStore"/>.
/// This is the log only: reading snapshots, committing transactions, checkpoints. What to write (data files,
/// compaction, vacuum) is the operations' business.
/// </summary>
public sealed class DeltaTable
{
    private const int ReadParallelism = 8;

    /// <param name="store">Where the lake lives; every read and write goes through it.</param>
    /// <param name="tablePath">Key prefix of the table root, e.g. "curated/trades"; "" for the store root.</param>
    /// <param name="logger">Receives warnings such as a failed checkpoint; none by default.</param>
    /// <param name="clock">Commit timestamps and tombstone expiry; the system clock by default.</param>
    public DeltaTable(IObjectStore store, string tablePath, ILogger? logger = null, TimeProvider? clock = null)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
        ArgumentNullException.ThrowIfNull(tablePath);
        TablePath = tablePath.TrimEnd('/');
        ObjectKey.ValidatePrefix(TablePath, nameof(tablePath));
        Logger = logger ?? NullLogger.Instance;
        Clock = clock ?? TimeProvider.System;
    }

    public IObjectStore Store { get; }

    public string TablePath { get; }

    /// <summary>Where the table is, for messages.</summary>
    public string Name => Store.Describe(TablePath);

    internal ILogger Logger { get; }

    internal TimeProvider Clock { get; }

    internal string LogPrefix => (TablePath.Length == 0 ? "" : TablePath + "/") + LogFileNames.Folder + "/";

    internal string LogKey(string fileName) => LogPrefix + fileName;

    /// <summary>True when the log holds at least one commit or checkpoint.</summary>
    public async Task<bool> ExistsAsync(CancellationToken ct = default) =>
        !(await LogListing.ReadAsync(Store, LogPrefix, ct).ConfigureAwait(false)).IsEmpty;

    /// <summary>
    /// The snapshot at <paramref name="version"/>, or the latest when null: the newest usable checkpoint at or
    /// below it, then the commits after it. Throws <see cref="DeltaException"/> when there is no table, the
    /// version does not exist, commits are missing, or the table needs a newer protocol.
    /// </summary>
    public Task<Snapshot> LoadAsync(long? version = null, CancellationToken ct = default) => LoadAsync(version, useCheckpoints: true, ct);

    internal async Task<Snapshot> LoadAsync(long? version, bool useCheckpoints, CancellationToken ct)
    {
        if (version < 0)
            throw new ArgumentOutOfRangeException(nameof(version), version, "Versions start at 0.");
        var listing = await LogListing.ReadAsync(Store, LogPrefix, ct).ConfigureAwait(false);
        if (listing.IsEmpty)
            throw new DeltaTableNotFoundException($"No Delta table at {Name}: {LogFileNames.Folder}/ holds no commit or checkpoint.");
        var latest = listing.LatestVersion;
        var target = version ?? latest;
        if (target > latest)
            throw new DeltaTableNotFoundException($"Delta table {Name} has no version {target}; the latest is {latest}.");

        var (checkpoint, checkpointVersion) = useCheckpoints
            ? await ReadNewestCheckpointAsync(listing, target, ct).ConfigureAwait(false)
            : (null, -1);
        var first = checkpointVersion + 1;
        var latestCommit = listing.Commits.Count > 0 ? listing.Commits.Keys.Max() : -1;
        var missing = listing.MissingCommits(first, Math.Max(target, latestCommit));
        if (missing.Count > 0)
        {
            var from = checkpointVersion >= 0 ? $"after checkpoint {checkpointVersion}" : "from version 0 (no usable checkpoint)";
            throw new DeltaException(
                $"Delta table {Name}: cannot load version {target}: the log is not contiguous {from}; missing commit(s) {Versions(missing)}.");
        }

        var commits = await ReadCommitsAsync(first, target, ct).ConfigureAwait(false);
        var state = new LogState();
        if (checkpoint is not null)
            state.Apply(checkpoint);
        foreach (var commit in commits)
            state.Apply(commit);

        var protocol = state.Protocol ?? throw new DeltaException($"Delta table {Name} at version {target} has no protocol action.");
        var metadata = state.Metadata ?? throw new DeltaException($"Delta table {Name} at version {target} has no metaData action.");
        ProtocolSupport.EnsureReadable(protocol, Name, target);

        var commitInfo = commits.Count > 0
            ? commits[^1].CommitInfo
            : listing.Commits.ContainsKey(target) ? (await ReadCommitAsync(target, ct).ConfigureAwait(false))?.CommitInfo : null;
        var modified = listing.Commits.TryGetValue(target, out var commitFile) ? commitFile.LastModified : listing.Checkpoints[target].LastModified;
        var timestamp = commitInfo?.Timestamp is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : modified;
        return new Snapshot(this, target, protocol, metadata, state, timestamp, commitInfo, Clock.GetUtcNow());
    }

    /// <summary>Every commit still in the log with its commitInfo (null when it has none), newest first.</summary>
    public async Task<IReadOnlyList<(long Version, CommitInfo? Info)>> HistoryAsync(CancellationToken ct = default)
    {
        var listing = await LogListing.ReadAsync(Store, LogPrefix, ct).ConfigureAwait(false);
        if (listing.IsEmpty)
            throw new DeltaTableNotFoundException($"No Delta table at {Name}: {LogFileNames.Folder}/ holds no commit or checkpoint.");
        var versions = listing.Commits.Keys.ToArray();
        var infos = new (long Version, CommitInfo? Info, bool Exists)[versions.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, versions.Length),
            new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = ct },
            async (i, token) =>
            {
                var commit = await ReadCommitAsync(versions[i], token).ConfigureAwait(false);
                infos[i] = (versions[i], commit?.CommitInfo, commit is not null);
            }).ConfigureAwait(false);
        // A commit cleaned up between listing and reading is simply no longer history.
        return infos.Where(i => i.Exists).OrderByDescending(i => i.Version).Select(i => (i.Version, i.Info)).ToList();
    }

    /// <summary>
    /// A transaction against <paramref name="readSnapshot"/>, or, when null, one that creates the table as version 0
    /// (it then needs <see cref="DeltaTransaction.SetMetadata"/>).
    /// </summary>
    public DeltaTransaction StartTransaction(Snapshot? readSnapshot)
    {
        if (readSnapshot is not null && !ReferenceEquals(readSnapshot.Table, this)
            && (!ReferenceEquals(readSnapshot.Table.Store, Store) || readSnapshot.Table.TablePath != TablePath))
        {
            throw new ArgumentException($"The snapshot belongs to {readSnapshot.Table.Name}, not {Name}.", nameof(readSnapshot));
        }
        return new DeltaTransaction(this, readSnapshot);
    }

    /// <summary>
    /// The object-store key of the data file an <c>add.path</c> names: the table path plus the path decoded
    /// exactly once (so a partition value "A/A" stored in folder <c>x=A%2FA</c> is found there).
    /// </summary>
    /// <summary>The bytes of a live data file; a file the log names but storage lacks is a damaged table, said as such.</summary>
    public async Task<byte[]> ReadDataFileAsync(AddFile file, CancellationToken ct = default) =>
        await Store.GetAsync(DataKey(file.Path), ct).ConfigureAwait(false)
            ?? throw new DeltaException($"Delta table {Name}: data file {file.Path} is in the log but missing from storage.");

    public string DataKey(string addPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(addPath);
        var relative = PartitionPath.Decode(addPath);
        if (relative.StartsWith('/') || relative.Contains("://", StringComparison.Ordinal))
            throw new DeltaException($"Delta table {Name}: data file '{addPath}' is not relative to the table root; absolute paths are not supported.");
        return TablePath.Length == 0 ? relative : TablePath + "/" + relative;
    }

    /// <summary>
    /// Writes the classic checkpoint for <paramref name="snapshot"/>'s version (protocol, metadata, txns, live
    /// files and unexpired tombstones, all with dataChange=false as Spark writes them) and points
    /// <c>_last_checkpoint</c> at it unless it already points further. Returns the number of rows (actions).
    /// Commits call this every delta.checkpointInterval versions (default 10).
    /// </summary>
    public async Task<int> CheckpointAsync(Snapshot snapshot, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var rows = new List<CheckpointRow> { new(Protocol: snapshot.Protocol), new(Metadata: snapshot.Metadata) };
        rows.AddRange(snapshot.Txns.Select(t => new CheckpointRow(Txn: t)));
        rows.AddRange(snapshot.Files.Select(a => new CheckpointRow(Add: a with { DataChange = false })));
        rows.AddRange(snapshot.Tombstones.Select(r => new CheckpointRow(Remove: r with { DataChange = false })));
        var content = await CheckpointWriter.WriteAsync(rows, ct).ConfigureAwait(false);
        // Two writers checkpointing the same version write equivalent content, so overwriting is harmless.
        await Store.PutAsync(LogKey(LogFileNames.Checkpoint(snapshot.Version)), content, ct).ConfigureAwait(false);
        var pointed = LastCheckpoint.TryReadVersion(await Store.GetAsync(LogKey(LogFileNames.LastCheckpoint), ct).ConfigureAwait(false));
        if (pointed is null || pointed <= snapshot.Version)
        {
            var pointer = LastCheckpoint.Serialize(snapshot.Version, rows.Count, content.Length, snapshot.Files.Count);
            await Store.PutAsync(LogKey(LogFileNames.LastCheckpoint), pointer, ct).ConfigureAwait(false);
        }
        return rows.Count;
    }

    /// <summary>The actions of commit <paramref name="version"/>, or null when its file does not exist.</summary>
    internal async Task<CommitActions?> ReadCommitAsync(long version, CancellationToken ct)
    {
        var content = await Store.GetAsync(LogKey(LogFileNames.Commit(version)), ct).ConfigureAwait(false);
        return content is null ? null : CommitJson.Parse(content, version);
    }

    private async Task<(CommitActions? Actions, long Version)> ReadNewestCheckpointAsync(LogListing listing, long target, CancellationToken ct)
    {
        foreach (var version in listing.Checkpoints.Keys.Where(v => v <= target).Reverse())
        {
            // An older checkpoint cannot bridge a gap in the commits above a newer one.
            if (listing.MissingCommits(version + 1, target).Count > 0)
                break;
            try
            {
                var content = await Store.GetAsync(LogKey(LogFileNames.Checkpoint(version)), ct).ConfigureAwait(false)
                    ?? throw new DeltaException($"Checkpoint {version} disappeared after listing.");
                return (await CheckpointReader.ReadAsync(content, version, ct).ConfigureAwait(false), version);
            }
            catch (DeltaException e)
            {
                Logger.LogWarning(e, "Delta table {Table}: checkpoint {Version} is unusable; trying an older one or the commits", Name, version);
            }
        }
        return (null, -1);
    }

    private async Task<List<CommitActions>> ReadCommitsAsync(long first, long last, CancellationToken ct)
    {
        var count = (int)Math.Max(0, last - first + 1);
        var commits = new CommitActions[count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = ct },
            async (i, token) =>
            {
                var version = first + i;
                commits[i] = await ReadCommitAsync(version, token).ConfigureAwait(false)
                    ?? throw new DeltaException($"Delta table {Name}: commit {version} disappeared after listing (was the log cleaned up meanwhile?).");
            }).ConfigureAwait(false);
        return commits.ToList();
    }

    private static string Versions(List<long> versions) =>
        versions.Count <= 10 ? string.Join(", ", versions) : string.Join(", ", versions.Take(10)) + $", … ({versions.Count} in all)";
}
