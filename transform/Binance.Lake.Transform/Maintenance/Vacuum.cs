using System.Diagnostics;
using System.Globalization;
using Binance.Lake.Core.Storage;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Delta.Log;
using Binance.Lake.Transform.Trades;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Transform.Maintenance;

/// <summary>
/// Deletes the trades table's data files that no live <c>add</c> references and that have been unreferenced for
/// longer than the retention: files optimize replaced (tombstones) and files of runs that never committed
/// (orphans). It writes no add or remove; the log itself is never touched (checkpoints make old commits
/// unnecessary, not vacuum). Safe next to compact and optimize: the log is reloaded right before each batch of
/// deletes, so a file a concurrent commit has just made live is spared, and the retention keeps files that a
/// running writer has written but not yet committed. Runs that delete something are recorded as the
/// commitInfo-only commits VACUUM START and VACUUM END, as Spark and delta-rs record them.
/// </summary>
public sealed class Vacuum(IObjectStore store, ILogger logger, TimeProvider time)
{
    /// <summary>Delta's default delta.deletedFileRetentionDuration: a week of time travel.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromHours(168);

    /// <summary>
    /// Below this, a compact or optimize still running may have written data files it has not committed yet;
    /// until the commit they look exactly like orphans, and deleting them loses the rows the commit then adds.
    /// A day covers the longest compact or optimize this lake runs (the deepest REST history of a busy symbol compacts
    /// in a few hours); both commit once, at the end.
    /// </summary>
    public static readonly TimeSpan MinimumRetention = TimeSpan.FromHours(24);

    // One delete request per file on S3: a few in flight, and a log re-check per batch bounds how stale it gets.
    private const int DeleteBatchSize = 1000;
    private const int DeleteParallelism = 8;

    public Task<VacuumSummary> RunAsync(TimeSpan retention, bool dryRun, CancellationToken cancellationToken) =>
        RunAsync(retention, dryRun, force: false, cancellationToken);

    /// <param name="force">Allows a retention below <see cref="MinimumRetention"/>: only when no compact or optimize is running.</param>
    public async Task<VacuumSummary> RunAsync(TimeSpan retention, bool dryRun, bool force, CancellationToken cancellationToken)
    {
        if (retention < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(retention), retention, "The retention cannot be negative.");
        if (retention < MinimumRetention && !force)
        {
            throw new ArgumentOutOfRangeException(nameof(retention), retention,
                $"A retention below {MinimumRetention.TotalHours:0} h is refused: a compact or optimize writes its data files before it commits them, "
                + "and until then they look like orphans, so vacuum would delete files a running writer is about to commit. "
                + "Force it only when no writer is running.");
        }
        var stopwatch = Stopwatch.StartNew();
        var table = new DeltaTable(store, TradesTable.Path, logger, time);
        var cutoff = time.GetUtcNow() - retention;
        if (!await table.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            logger.LogInformation("Nothing to vacuum: {Table} does not exist yet", table.Name);
            return new VacuumSummary(dryRun, retention.TotalHours, cutoff, -1, 0, 0, 0, 0, 0, 0, 0, [], null, null,
                "no table", stopwatch.Elapsed.TotalSeconds);
        }

        var snapshot = await table.LoadAsync(ct: cancellationToken).ConfigureAwait(false);
        var index = new TableFileIndex(table, snapshot);
        var listed = await ListDataFilesAsync(table, cancellationToken).ConfigureAwait(false);
        var verdicts = listed.Select(f => (File: f, Verdict: index.Judge(f, cutoff))).ToList();
        var candidates = verdicts.Where(v => v.Verdict is VacuumVerdict.ExpiredTombstone or VacuumVerdict.ExpiredOrphan).ToList();
        var live = verdicts.Count(v => v.Verdict == VacuumVerdict.Live);
        var retained = verdicts.Count(v => v.Verdict == VacuumVerdict.Retained);

        VacuumSummary Summary(IReadOnlyCollection<(StoredObject File, VacuumVerdict Verdict)> deleted, int spared, long? start, long? end, string? note) => new(
            dryRun, retention.TotalHours, cutoff, snapshot.Version, listed.Count, live, retained,
            deleted.Count(d => d.Verdict == VacuumVerdict.ExpiredTombstone), deleted.Count(d => d.Verdict == VacuumVerdict.ExpiredOrphan),
            deleted.Sum(d => d.File.Size), spared, deleted.Select(d => Relative(table, d.File.Key)).ToList(), start, end, note,
            stopwatch.Elapsed.TotalSeconds);

        if (dryRun)
        {
            logger.LogInformation("Dry run: {Files} file(s), {Bytes:N0} bytes, of {Table} are unreferenced since before {Cutoff:u}; nothing deleted",
                candidates.Count, candidates.Sum(c => c.File.Size), table.Name, cutoff);
            return Summary(candidates, 0, null, null, "dry run: nothing deleted, nothing recorded in the log");
        }
        if (candidates.Count == 0)
        {
            logger.LogInformation("Nothing to vacuum in {Table}: {Live} live file(s), {Retained} unreferenced within the retention", table.Name, live, retained);
            return Summary([], 0, null, null, "nothing to delete, so nothing recorded in the log (as delta-rs)");
        }

        var start = await RecordAsync(table, snapshot, "VACUUM START", StartParameters(retention, force, snapshot), new Dictionary<string, string>
        {
            ["numFilesToDelete"] = Text(candidates.Count),
            ["sizeOfDataToDelete"] = Text(candidates.Sum(c => c.File.Size)),
        }, cancellationToken).ConfigureAwait(false);

        var deleted = new List<(StoredObject File, VacuumVerdict Verdict)>();
        var spared = 0;
        var reloaded = false;
        try
        {
            foreach (var batch in candidates.Chunk(DeleteBatchSize))
            {
                // The re-check: the log as it is now, reloaded before the first batch and whenever it has moved
                // since; whatever a commit made live (or removed anew) after the listing stays.
                var latest = (await LogListing.ReadAsync(store, table.LogPrefix, cancellationToken).ConfigureAwait(false)).LatestVersion;
                if (!reloaded || latest != index.Version)
                {
                    index = new TableFileIndex(table, await table.LoadAsync(ct: cancellationToken).ConfigureAwait(false));
                    reloaded = true;
                }
                var confirmed = batch.Where(c => index.Judge(c.File, cutoff) == c.Verdict).ToList();
                spared += batch.Length - confirmed.Count;
                foreach (var kept in batch.Except(confirmed))
                    logger.LogInformation("Kept {Key}: a commit since the listing references it", kept.File.Key);
                await Parallel.ForEachAsync(confirmed, new ParallelOptions { MaxDegreeOfParallelism = DeleteParallelism, CancellationToken = cancellationToken },
                    async (c, token) => await store.DeleteAsync(c.File.Key, token).ConfigureAwait(false)).ConfigureAwait(false);
                deleted.AddRange(confirmed);
            }
        }
        catch (Exception e)
        {
            await RecordEndAsync(table, snapshot, "FAILED", deleted.Count, CancellationToken.None).ConfigureAwait(false);
            logger.LogWarning(e, "Vacuum of {Table} stopped after deleting {Files} file(s); run it again to finish", table.Name, deleted.Count);
            throw;
        }
        var end = await RecordEndAsync(table, snapshot, "COMPLETED", deleted.Count, cancellationToken).ConfigureAwait(false);
        var summary = Summary(deleted, spared, start, end, null);
        logger.LogInformation("Vacuumed {Table}: deleted {Tombstones} removed and {Orphans} orphan file(s), {Bytes:N0} bytes; {Spared} spared by the re-check",
            table.Name, summary.TombstonesDeleted, summary.OrphansDeleted, summary.BytesDeleted, spared);
        return summary;
    }

    /// <summary>Every object under the table root that vacuum may consider: not under the log or any other hidden name.</summary>
    private async Task<List<StoredObject>> ListDataFilesAsync(DeltaTable table, CancellationToken cancellationToken)
    {
        var files = new List<StoredObject>();
        await foreach (var item in store.ListAsync(table.TablePath + "/", cancellationToken).ConfigureAwait(false))
        {
            if (!TableFileIndex.IsHidden(Relative(table, item.Key)))
                files.Add(item);
        }
        return files;
    }

    private async Task<long?> RecordEndAsync(DeltaTable table, Snapshot snapshot, string status, int deleted, CancellationToken cancellationToken)
    {
        try
        {
            return await RecordAsync(table, snapshot, "VACUUM END", new Dictionary<string, string> { ["status"] = status }, new Dictionary<string, string>
            {
                ["numDeletedFiles"] = Text(deleted),
                // Folders are not objects: emptied partition folders stay (removing one could race with a writer).
                ["numVacuumedDirectories"] = "0",
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (status == "FAILED")
        {
            logger.LogWarning(e, "Could not record VACUUM END in {Table}", table.Name);
            return null;
        }
    }

    /// <summary>
    /// A commit with commitInfo only. It adds, removes and claims nothing, so it never conflicts: a lost race just
    /// retries at the next version, and the snapshot it starts from may be stale.
    /// </summary>
    private static Task<long> RecordAsync(DeltaTable table, Snapshot snapshot, string operation,
        Dictionary<string, string> parameters, Dictionary<string, string> metrics, CancellationToken cancellationToken) =>
        table.StartTransaction(snapshot).CommitAsync(operation, parameters, metrics, cancellationToken);

    private static Dictionary<string, string> StartParameters(TimeSpan retention, bool force, Snapshot snapshot) => new()
    {
        // Spark's VACUUM START parameters.
        ["retentionCheckEnabled"] = force ? "false" : "true",
        ["defaultRetentionMillis"] = Text((long)TableProperties.DeletedFileRetention(snapshot.Metadata).TotalMilliseconds),
        ["specifiedRetentionMillis"] = Text((long)retention.TotalMilliseconds),
    };

    private static string Relative(DeltaTable table, string key) => key[(table.TablePath.Length + 1)..];

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
