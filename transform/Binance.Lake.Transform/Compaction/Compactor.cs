using System.Diagnostics;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Transform.Compaction;

/// <summary>
/// Raw zone → the curated table, incrementally and idempotently. Raw files not yet consumed are read in id
/// order per symbol and source; trades are grouped by partition (instrument, UTC day), deduplicated by trade
/// id against what the partition already holds, sorted, and written as new data files; commits, every
/// <see cref="CommitEveryFiles"/> files and at the end, add them and record the raw files consumed. A day is
/// written as soon as a source has moved past it, so memory holds about one partition. A kill at any point
/// leaves the table as of its last commit; the next run does the rest.
/// </summary>
public sealed class Compactor(IObjectStore store, IReadOnlyList<IRawChunkDecoder> decoders, ILogger logger)
{
    /// <summary>Data files written between commits: a few hours of busy days, or one day of many symbols.</summary>
    public int CommitEveryFiles { get; init; } = 256;

    public async Task<CompactSummary> RunAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var table = TradesTable.Open(store);
        var snapshot = await SnapshotAsync(table, cancellationToken).ConfigureAwait(false);
        var manifests = new CompactManifests(store);
        var consumed = snapshot is null ? [] : await manifests.ConsumedAsync(snapshot.Metadata.Id, snapshot.Version, cancellationToken).ConfigureAwait(false);
        var pending = await PendingAsync(consumed, cancellationToken).ConfigureAwait(false);
        if (pending.Count == 0)
        {
            logger.LogInformation("Nothing to compact: every raw file is already in {Table}", table.Name);
            return new CompactSummary(null, 0, 0, 0, 0, 0, 0, stopwatch.Elapsed.TotalSeconds);
        }

        var commits = new CompactCommits(table, manifests, snapshot);
        var run = NewRun(table, snapshot, commits, CommitEveryFiles, logger);
        try
        {
            foreach (var symbol in pending.GroupBy(p => p.Symbol))
            {
                foreach (var source in symbol.GroupBy(p => p.Decoder).OrderBy(g => SourcePreference.Rank(g.Key.Source)))
                    await run.ReadAsync(symbol.Key, source.Key, source.Select(p => (p.Key, p.Size)), cancellationToken).ConfigureAwait(false);
                // Every source of this symbol is read: its open days are complete, and memory holds one symbol at a time.
                await run.FlushAllAsync(cancellationToken).ConfigureAwait(false);
            }
            await run.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await run.AbandonAsync().ConfigureAwait(false);
            throw;
        }

        logger.LogInformation("Compacted {RawFiles} raw files into {Table} in {Commits} commit(s), now version {Version}: {Added} trades added, {Duplicates} duplicates dropped, {Files} files",
            run.RawFilesCommitted, table.Name, commits.Count, commits.LastVersion, run.TradesAdded, run.DuplicatesDropped, run.FilesWritten);
        return new CompactSummary(commits.LastVersion, run.RawFilesCommitted, run.TradesRead, run.TradesAdded, run.DuplicatesDropped,
            run.Partitions, run.FilesWritten, stopwatch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// An intake that compacts raw chunks while they are first read (see <see cref="IChunkIntake"/>), each committed
    /// on its own once stored. Nothing is read from the table until the first chunk comes.
    /// </summary>
    public CompactIntake Intake() => new(async cancellationToken =>
    {
        var table = TradesTable.Open(store);
        var snapshot = await SnapshotAsync(table, cancellationToken).ConfigureAwait(false);
        var commits = new CompactCommits(table, new CompactManifests(store), snapshot);
        // Commits only when the intake says a chunk is whole: a chunk still being read may yet prove damaged.
        return (NewRun(table, snapshot, commits, int.MaxValue, logger), commits);
    });

    // Null before the first compact creates the table.
    private static async Task<Snapshot?> SnapshotAsync(DeltaTable table, CancellationToken cancellationToken) =>
        await table.ExistsAsync(cancellationToken).ConfigureAwait(false) ? await table.LoadAsync(ct: cancellationToken).ConfigureAwait(false) : null;

    private static CompactRun NewRun(DeltaTable table, Snapshot? snapshot, CompactCommits commits, int commitEvery, ILogger logger) =>
        new(table, snapshot is null ? EmptyLookup() : TradesTable.FilesByPartition(snapshot), commits, commitEvery, logger);

    private static ILookup<TradePartition, AddFile> EmptyLookup() => Array.Empty<(TradePartition P, AddFile F)>().ToLookup(x => x.P, x => x.F);

    private async Task<List<(string Symbol, IRawChunkDecoder Decoder, string Key, long Size)>> PendingAsync(HashSet<string> consumed, CancellationToken cancellationToken)
    {
        var pending = new List<(string, IRawChunkDecoder, string Key, long Size, IdRange Range)>();
        await foreach (var item in store.ListAsync(RawZone.Root + "/", cancellationToken).ConfigureAwait(false))
        {
            // raw/binance-spot/<SYMBOL>/<source>/<first>-<last>.<ext>
            var parts = item.Key.Split('/');
            if (parts.Length != 5 || consumed.Contains(item.Key) || RawZone.ParseChunkRange(item.Key) is not { } range)
                continue;
            var decoder = decoders.FirstOrDefault(d => d.Source.FolderName() == parts[3]);
            if (decoder is not null)
                pending.Add((parts[2], decoder, item.Key, item.Size, range));
        }
        return pending.OrderBy(p => p.Item1, StringComparer.Ordinal).ThenBy(p => p.Range.First)
            .Select(p => (p.Item1, p.Item2, p.Key, p.Size)).ToList();
    }
}
