using Binance.Lake.Transform.Delta.Log;

namespace Binance.Lake.Transform.Delta.Conflicts;

/// <summary>
/// Decides whether a transaction that lost the race for a version may simply retry at the next one, by
/// comparing it with each commit that won (the rules of Spark's ConflictChecker as ported by delta-rs, made
/// conservative where we cannot know better):
/// <list type="number">
/// <item>The winner changed the protocol or the metadata: everything this transaction assumed may be wrong.</item>
/// <item>The winner wrote a txn for an appId this transaction writes: the batch may already be in (exactly-once).</item>
/// <item>The winner removed a file this transaction removes (delete/delete): both would "delete" the same rows.</item>
/// <item>Only if this transaction removes files with dataChange=true (it rewrote rows it read):
///   the winner added rows with dataChange=true in a partition this transaction read and the winner was not a
///   blind append (a missing commitInfo counts as not blind) — those rows may belong in the rewrite;
///   and a file this transaction read was removed (reads are the files it removes, so rule 3 covers it).</item>
/// </list>
/// Blind appends therefore never conflict with each other, and compaction (every file action dataChange=false)
/// never conflicts with blind appends; two rewrites of the same file always do.
/// </summary>
internal sealed class ConflictChecker
{
    private readonly HashSet<string> _removedPaths;
    private readonly HashSet<string> _appIds;
    private readonly HashSet<string> _readPartitions;
    private readonly IReadOnlyList<string> _partitionColumns;
    private readonly bool _rewritesData;

    public ConflictChecker(IEnumerable<RemoveFile> removes, IEnumerable<string> appIds, IReadOnlyList<string> partitionColumns)
    {
        var removeList = removes.ToList();
        _removedPaths = removeList.Select(r => r.Path).ToHashSet(StringComparer.Ordinal);
        _appIds = appIds.ToHashSet(StringComparer.Ordinal);
        _partitionColumns = partitionColumns;
        _rewritesData = removeList.Any(r => r.DataChange);
        _readPartitions = removeList.Where(r => r.DataChange)
            .Select(r => PartitionValues.Key(r.PartitionValues, partitionColumns))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Throws <see cref="DeltaConcurrencyException"/> when <paramref name="winner"/> conflicts with this transaction.</summary>
    public void Check(CommitActions winner, long winnerVersion, string table)
    {
        string Prefix() => $"Delta table {table}: version {winnerVersion} was committed concurrently and";

        if (winner.Protocol is not null)
            throw new DeltaConcurrencyException($"{Prefix()} changed the protocol to {winner.Protocol}.", winnerVersion);
        if (winner.Metadata is not null)
            throw new DeltaConcurrencyException($"{Prefix()} changed the table metadata (schema, partitioning or properties).", winnerVersion);
        if (winner.Txns.FirstOrDefault(t => _appIds.Contains(t.AppId)) is { } txn)
            throw new DeltaConcurrencyException($"{Prefix()} wrote txn version {txn.Version} for appId '{txn.AppId}', which this transaction also writes.", winnerVersion);
        if (winner.Removes.FirstOrDefault(r => _removedPaths.Contains(r.Path)) is { } removed)
            throw new DeltaConcurrencyException($"{Prefix()} removed '{removed.Path}', which this transaction also removes.", winnerVersion);
        if (!_rewritesData || winner.CommitInfo?.IsBlindAppend == true)
            return;
        foreach (var add in winner.Adds)
        {
            if (add.DataChange && _readPartitions.Contains(PartitionValues.Key(add.PartitionValues, _partitionColumns)))
                throw new DeltaConcurrencyException($"{Prefix()} added '{add.Path}' to a partition this transaction rewrote.", winnerVersion);
        }
    }
}
