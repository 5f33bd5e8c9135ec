using Binance.Lake.Transform.Delta.Conflicts;
using Binance.Lake.Transform.Delta.Log;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Transform.Delta;

/// <summary>
/// Stages actions against one snapshot and commits them as the next version with optimistic concurrency:
/// the commit file is created with put-if-absent, and when another writer got the version first, every
/// winning commit is checked for conflicts (<see cref="ConflictChecker"/>) before retrying one version later.
/// One transaction commits at most once.
/// </summary>
public sealed class DeltaTransaction
{
    /// <summary>Retries after lost races before giving up, as delta-rs does by default.</summary>
    public const int MaxRetries = 15;

    // Reading a winner right after losing to it: see ReadWinnerAsync.
    private const int WinnerReadAttempts = 5;
    private static readonly TimeSpan WinnerReadBackoff = TimeSpan.FromMilliseconds(20);

    private readonly DeltaTable _table;
    private readonly Dictionary<string, AddFile> _adds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RemoveFile> _removes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Txn> _txns = new(StringComparer.Ordinal);
    private Metadata? _metadata;
    private Protocol? _protocol;
    private bool _used;

    internal DeltaTransaction(DeltaTable table, Snapshot? readSnapshot)
    {
        _table = table;
        ReadSnapshot = readSnapshot;
    }

    /// <summary>The snapshot this transaction builds on; null when it creates the table.</summary>
    public Snapshot? ReadSnapshot { get; }

    /// <summary>The table's (new) metadata. Required when creating; replaces the whole metadata otherwise.</summary>
    public void SetMetadata(Metadata m)
    {
        EnsureOpen();
        MetadataRules.Validate(m);
        _metadata = m;
    }

    /// <summary>The protocol to write; tables are created with (1,2) unless told otherwise. Only (1,1)…(1,2) can be written here.</summary>
    public void SetProtocol(Protocol p)
    {
        EnsureOpen();
        ArgumentNullException.ThrowIfNull(p);
        ProtocolSupport.EnsureWritable(p, _table.Name, ReadSnapshot is null ? 0 : ReadSnapshot.Version + 1);
        if (p.MinReaderVersion < 1 || p.MinWriterVersion < 1)
            throw new DeltaException($"Protocol {p} is not valid: versions start at 1.");
        _protocol = p;
    }

    public void Add(AddFile a)
    {
        EnsureOpen();
        ArgumentNullException.ThrowIfNull(a);
        ArgumentException.ThrowIfNullOrEmpty(a.Path, nameof(a));
        if (a.Path.StartsWith('/') || a.Path.Contains("://", StringComparison.Ordinal))
            throw new ArgumentException($"add.path '{a.Path}' must be relative to the table root.", nameof(a));
        if (a.Size < 0)
            throw new ArgumentException($"add '{a.Path}' has a negative size.", nameof(a));
        if (_removes.ContainsKey(a.Path))
            throw new ArgumentException($"'{a.Path}' is both added and removed in one commit, which the protocol forbids.", nameof(a));
        if (!_adds.TryAdd(a.Path, a))
            throw new ArgumentException($"'{a.Path}' is added twice in one commit.", nameof(a));
    }

    /// <summary>Removes a live file of the read snapshot; copy its path with <see cref="AddFile.ToRemove"/>.</summary>
    public void Remove(RemoveFile r)
    {
        EnsureOpen();
        ArgumentNullException.ThrowIfNull(r);
        if (ReadSnapshot is null)
            throw new InvalidOperationException("A transaction that creates the table has no files to remove.");
        if (ReadSnapshot.FindFile(r.Path) is null)
            throw new DeltaException($"Delta table {_table.Name}: '{r.Path}' is not a live file at version {ReadSnapshot.Version}.");
        if (_adds.ContainsKey(r.Path))
            throw new ArgumentException($"'{r.Path}' is both added and removed in one commit, which the protocol forbids.", nameof(r));
        if (!_removes.TryAdd(r.Path, r))
            throw new ArgumentException($"'{r.Path}' is removed twice in one commit.", nameof(r));
    }

    /// <summary>Records that application <paramref name="appId"/> has committed its batch <paramref name="version"/> (exactly-once writes).</summary>
    public void SetTxn(string appId, long version)
    {
        EnsureOpen();
        ArgumentException.ThrowIfNullOrEmpty(appId);
        _txns[appId] = new Txn(appId, version, _table.Clock.GetUtcNow().ToUnixTimeMilliseconds());
    }

    /// <summary>
    /// Writes the staged actions as the next version and returns it. Retries at later versions while the
    /// winning commits do not conflict (up to <see cref="MaxRetries"/> times); throws
    /// <see cref="DeltaConcurrencyException"/> when one does, or when creating a table that already exists.
    /// </summary>
    public async Task<long> CommitAsync(
        string operation,
        IReadOnlyDictionary<string, string>? operationParameters = null,
        IReadOnlyDictionary<string, string>? operationMetrics = null,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        EnsureOpen();
        _used = true;

        var creating = ReadSnapshot is null;
        var metadata = _metadata ?? ReadSnapshot?.Metadata
            ?? throw new DeltaException($"Creating Delta table {_table.Name} needs its metadata: call SetMetadata first.");
        var protocol = _protocol ?? ReadSnapshot?.Protocol ?? Protocol.Default;
        if (ReadSnapshot is not null && (protocol.MinReaderVersion < ReadSnapshot.Protocol.MinReaderVersion || protocol.MinWriterVersion < ReadSnapshot.Protocol.MinWriterVersion))
            throw new DeltaException($"Delta table {_table.Name}: protocol {ReadSnapshot.Protocol} cannot be downgraded to {protocol}.");
        ProtocolSupport.EnsureWritable(protocol, _table.Name, ReadSnapshot is null ? 0 : ReadSnapshot.Version + 1);
        MetadataRules.EnsureWritable(metadata, _table.Name);
        CheckPartitionValues(metadata);
        if (TableProperties.IsAppendOnly(metadata) && _removes.Values.FirstOrDefault(r => r.DataChange) is { } removal)
            throw new DeltaException($"Delta table {_table.Name} is append-only (delta.appendOnly=true): cannot remove '{removal.Path}' with dataChange=true.");

        // A table's first commit always states its protocol and metadata; later ones only when they change.
        var protocolAction = creating ? protocol : _protocol;
        var metadataAction = creating ? metadata : _metadata;
        var isBlindAppend = _removes.Count == 0;
        var onlyRearranges = _adds.Count + _removes.Count > 0
            && _adds.Values.All(a => !a.DataChange) && _removes.Values.All(r => !r.DataChange)
            && _txns.Count == 0 && protocolAction is null && metadataAction is null;
        var isolationLevel = onlyRearranges ? "SnapshotIsolation" : "Serializable";
        var txnId = Guid.NewGuid().ToString();
        var checker = new ConflictChecker(_removes.Values, _txns.Keys, metadata.PartitionColumns);

        var version = creating ? 0 : ReadSnapshot!.Version + 1;
        for (var retry = 0; ; retry++)
        {
            var info = new CommitInfoFields(
                _table.Clock.GetUtcNow().ToUnixTimeMilliseconds(),
                operation,
                operationParameters,
                creating ? null : version - 1,
                isolationLevel,
                isBlindAppend,
                operationMetrics,
                txnId);
            var content = CommitWriter.Write(info, protocolAction, metadataAction, _txns.Values, _removes.Values, _adds.Values);
            if (await _table.Store.PutIfAbsentAsync(_table.LogKey(LogFileNames.Commit(version)), content, ct).ConfigureAwait(false))
                break;

            if (creating)
                throw new DeltaConcurrencyException($"Delta table {_table.Name} already exists: version 0 was written by another writer.", 0);
            if (retry >= MaxRetries)
                throw new DeltaConcurrencyException($"Delta table {_table.Name}: gave up after {MaxRetries} retries; version {version} was taken again.", version);
            // Check every commit that got in first, from the contended version to the newest that exists.
            var contended = version;
            var landed = false;
            while (!landed && await ReadWinnerAsync(version, ct).ConfigureAwait(false) is { } winner)
            {
                // A put whose answer was lost and was retried meets its own commit: that is success, not a conflict.
                landed = IsOwnCommit(winner, txnId);
                if (!landed)
                {
                    checker.Check(winner, version, _table.Name);
                    version++;
                }
            }
            if (landed)
                break;
            if (version == contended)
            {
                // The version is taken but its file cannot be read yet: give the winner a moment, then try again.
                await Task.Delay(WinnerReadBackoff * (retry + 1), ct).ConfigureAwait(false);
            }
            _table.Logger.LogDebug("Delta table {Table}: version {Contended} was taken; no conflict up to {Latest}, retrying at {Version}", _table.Name, contended, version - 1, version);
        }

        await CheckpointIfDueAsync(version, metadata, ct).ConfigureAwait(false);
        return version;
    }

    private static bool IsOwnCommit(CommitActions winner, string txnId) =>
        winner.CommitInfo?.Raw is { ValueKind: System.Text.Json.JsonValueKind.Object } raw
        && raw.TryGetProperty("txnId", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.String && id.GetString() == txnId;

    /// <summary>
    /// The winning commit at <paramref name="version"/>, or null when there is none (yet). On S3 an object is
    /// readable in full the moment a conditional put fails on it, but not every store is that strict: the s3rver
    /// test server streams the winner's bytes while already answering 412, so a read can fail or see a torn file.
    /// A few short retries cost nothing on this rare path.
    /// </summary>
    private async Task<CommitActions?> ReadWinnerAsync(long version, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _table.ReadCommitAsync(version, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < WinnerReadAttempts && e is not OperationCanceledException)
            {
                _table.Logger.LogDebug(e, "Delta table {Table}: winning commit {Version} not readable yet (attempt {Attempt})", _table.Name, version, attempt);
                await Task.Delay(WinnerReadBackoff * (1 << attempt), ct).ConfigureAwait(false);
            }
        }
    }

    private void CheckPartitionValues(Metadata metadata)
    {
        var columns = metadata.PartitionColumns;
        foreach (var add in _adds.Values)
        {
            var missing = columns.Where(c => !add.PartitionValues.ContainsKey(c)).ToList();
            var extra = add.PartitionValues.Keys.Where(k => !columns.Contains(k)).ToList();
            if (missing.Count > 0 || extra.Count > 0)
            {
                throw new DeltaException(
                    $"Delta table {_table.Name}: add '{add.Path}' must have exactly the partition columns [{string.Join(", ", columns)}]"
                    + (missing.Count > 0 ? $"; missing [{string.Join(", ", missing)}]" : "")
                    + (extra.Count > 0 ? $"; unknown [{string.Join(", ", extra)}]" : "") + ".");
            }
        }
    }

    /// <summary>A checkpoint is an optimisation for readers: failing to write one must not fail the commit that is already in.</summary>
    private async Task CheckpointIfDueAsync(long version, Metadata metadata, CancellationToken ct)
    {
        if (version == 0 || version % TableProperties.CheckpointEvery(metadata) != 0)
            return;
        try
        {
            var snapshot = await _table.LoadAsync(version, ct).ConfigureAwait(false);
            await _table.CheckpointAsync(snapshot, ct).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _table.Logger.LogWarning(e, "Delta table {Table}: committed version {Version}, but writing its checkpoint failed; readers replay the commits instead", _table.Name, version);
        }
    }

    private void EnsureOpen()
    {
        if (_used)
            throw new InvalidOperationException("This transaction has already been committed (or its commit failed); start a new one from a fresh snapshot.");
    }
}
