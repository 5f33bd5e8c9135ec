using System.Collections.Concurrent;
using System.Diagnostics;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.RawFormats;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Extract.Archive;

/// <summary>
/// Bulk archive → raw zone, for a symbol and a date range: plan the files (<see cref="ArchivePlanner"/>), download
/// several at once, verify each against its checksum, read every row (a corrupt zip or a damaged row rejects the
/// whole file, so nothing of it reaches the lake), then store the zip as it came, named by its id range, and
/// record it in the <see cref="ArchiveLedger"/>. A missing file is reported, never skipped silently.
/// With an <see cref="IChunkIntake"/>, the one reading of each file also compacts it: the table takes its trades
/// once the file has proved sound and is stored, instead of a later compact inflating and parsing it again.
/// </summary>
public sealed class ArchiveImporter(ArchiveClient client, IObjectStore store, ILogger logger, IChunkIntake? intake = null)
{
    private readonly ArchiveChunkDecoder _decoder = new();

    public ArchiveProgress Progress { get; } = new();

    public async Task<ArchiveImportSummary> ImportAsync(string symbol, DateOnly from, DateOnly to, int concurrency, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        var stopwatch = Stopwatch.StartNew();
        var ledger = new ArchiveLedger(store);
        var imported = await ledger.ImportedAsync(symbol, cancellationToken).ConfigureAwait(false);
        var plan = ArchivePlanner.Plan(symbol, from, to, imported);
        Progress.FilesPlanned = plan.Pending.Count;
        logger.LogInformation("{Symbol}: {Files} archive file(s) to import for {From:yyyy-MM-dd}..{To:yyyy-MM-dd} from {Url} ({Already} already imported)",
            symbol, plan.Pending.Count, from, to, client.BaseUrl, plan.AlreadyImported);

        var done = new ConcurrentBag<ArchiveImportSummary.ImportedFile>();
        var missing = new ConcurrentBag<ArchiveFile>();
        var damaged = new ConcurrentBag<(ArchiveFile File, string Reason)>();
        var temp = Directory.CreateTempSubdirectory("binance-lake-archive-");
        try
        {
            async Task ImportAllAsync(IEnumerable<ArchiveFile> files) =>
                await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (file, ct) =>
                {
                    try
                    {
                        var result = await ImportFileAsync(file, Path.Join(temp.FullName, file.Name), ledger, ct).ConfigureAwait(false);
                        if (result is null)
                            missing.Add(file);
                        else
                            done.Add(result);
                        Progress.FileDone(result?.Trades ?? 0);
                    }
                    catch (Exception e) when (e is ArchiveDamagedException or HttpRequestException or TimeoutException or IOException)
                    {
                        // One file's trouble is that file's: the others go on, and the summary (exit 5) says to rerun.
                        var reason = e switch
                        {
                            ArchiveDamagedException damage => damage.Reason,
                            IOException => $"could not be read or stored: {e.Message}",
                            _ => $"download failed after retries: {e.Message}",
                        };
                        damaged.Add((file, reason));
                        logger.LogError("{File}: rejected, nothing of it enters the lake: {Reason}", file.Name, reason);
                        Progress.FileDone(0);
                    }
                }).ConfigureAwait(false);

            await ImportAllAsync(plan.Pending).ConfigureAwait(false);
            // Binance publishes a month's file some days into the next month: until then its days come daily.
            var unpublishedMonths = missing.Where(f => f.Monthly).ToList();
            if (unpublishedMonths.Count > 0)
            {
                missing = new ConcurrentBag<ArchiveFile>(missing.Where(f => !f.Monthly));
                var days = unpublishedMonths.SelectMany(ArchivePlanner.DaysOf).Where(d => d.First >= from && d.Last <= to).ToList();
                Progress.FilesPlanned += days.Count;
                logger.LogInformation("{Symbol}: {Months} monthly file(s) not published yet; taking their {Days} days from daily files",
                    symbol, unpublishedMonths.Count, days.Count);
                await ImportAllAsync(days).ConfigureAwait(false);
            }
            foreach (var file in missing)
                logger.LogWarning("{File}: not in the archive (404): not published yet, or Binance has no such file", file.Name);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
        return new ArchiveImportSummary(symbol, from, to, [.. done.OrderBy(f => f.File, StringComparer.Ordinal)], plan.AlreadyImported,
            [.. missing.Select(f => f.Name).Order(StringComparer.Ordinal)],
            [.. damaged.Select(d => new ArchiveImportSummary.DamagedFile(d.File.Name, d.Reason)).OrderBy(d => d.File, StringComparer.Ordinal)],
            Progress.BytesDownloaded, stopwatch.Elapsed.TotalSeconds)
        {
            Unavailable = [.. missing, .. damaged.Select(d => d.File)],
            Previously = await PreviouslyAsync(ledger, symbol, plan.Already, cancellationToken).ConfigureAwait(false),
        };
    }

    private static async Task<IReadOnlyList<ArchiveImportSummary.ImportedFile>> PreviouslyAsync(ArchiveLedger ledger, string symbol,
        IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var previously = new List<ArchiveImportSummary.ImportedFile>();
        foreach (var file in files)
        {
            if (await ledger.ReadAsync(symbol, file, cancellationToken).ConfigureAwait(false) is { } entry)
                previously.Add(new ArchiveImportSummary.ImportedFile(entry.File, entry.FirstId, entry.LastId, entry.Trades, entry.Gaps, entry.RawKey));
        }
        return previously;
    }

    private async Task<ArchiveImportSummary.ImportedFile?> ImportFileAsync(ArchiveFile file, string local, ArchiveLedger ledger, CancellationToken cancellationToken)
    {
        var sha256 = await client.DownloadAsync(file, local, Progress, cancellationToken).ConfigureAwait(false);
        if (sha256 is null)
            return null;
        try
        {
            return await StoreAsync(file, local, Task.FromResult(sha256), ledger, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(local);
        }
    }

    /// <summary>
    /// Imports zips already on disk (downloaded by hand, or carried to a machine without internet), named as the
    /// archive names them. A <c>.CHECKSUM</c> beside a zip is verified; without one the rows are still read in full.
    /// </summary>
    public async Task<ArchiveImportSummary> ImportFilesAsync(string symbol, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var ledger = new ArchiveLedger(store);
        var done = new List<ArchiveImportSummary.ImportedFile>();
        var damaged = new List<ArchiveImportSummary.DamagedFile>();
        var files = paths.Select(p => (Path: p, File: ArchiveFile.Parse(symbol, System.IO.Path.GetFileName(p)))).ToList();
        Progress.FilesPlanned = files.Count;
        foreach (var (path, file) in files)
        {
            try
            {
                // Hashed on another thread while the rows are read: nothing is kept before the checksum has matched.
                var verified = Task.Run(() => ArchiveChecksum.VerifyLocalAsync(file, path, cancellationToken), cancellationToken);
                done.Add(await StoreAsync(file, path, verified, ledger, cancellationToken).ConfigureAwait(false));
                Progress.FileDone(done[^1].Trades);
            }
            catch (ArchiveDamagedException e)
            {
                damaged.Add(new ArchiveImportSummary.DamagedFile(file.Name, e.Reason));
                logger.LogError("{File}: rejected, nothing of it enters the lake: {Reason}", file.Name, e.Reason);
                Progress.FileDone(0);
            }
        }
        var first = files.Count == 0 ? default : files.Min(f => f.File.First);
        var last = files.Count == 0 ? default : files.Max(f => f.File.Last);
        return new ArchiveImportSummary(symbol, first, last, done, 0, [], damaged, files.Sum(f => new FileInfo(f.Path).Length), stopwatch.Elapsed.TotalSeconds);
    }

    private async Task<ArchiveImportSummary.ImportedFile> StoreAsync(ArchiveFile file, string local, Task<string> verified, ArchiveLedger ledger,
        CancellationToken cancellationToken)
    {
        await using var incoming = intake is null ? null : await intake.BeginAsync(file.Symbol, RawSource.Archive, cancellationToken).ConfigureAwait(false);
        var reading = ReadAsync(file, local, incoming, cancellationToken);
        await Task.WhenAll(verified, reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // A checksum mismatch is what went wrong, whatever the reading made of the file.
        var sha256 = await verified.ConfigureAwait(false);
        var read = await reading.ConfigureAwait(false);
        // The last day's file is finished and written while the zip is stored; both are done before the commit.
        var ending = incoming?.EndAsync(cancellationToken) ?? Task.CompletedTask;
        string? key = null;
        try
        {
            if (read.Ids is { } ids)
            {
                key = RawZone.ChunkKey(file.Symbol, RawSource.Archive, ids, ArchiveChunkDecoder.Extension);
                await using var zip = File.OpenRead(local);
                await store.PutAsync(key, zip, cancellationToken).ConfigureAwait(false);
            }
            await ledger.RecordAsync(file, new ArchiveLedger.Entry(file.Name, sha256, read.Ids?.First, read.Ids?.Last, read.Trades, read.Gaps, key,
                DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Never left running under a chunk that is about to be given up.
            await ending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        try
        {
            await ending.ConfigureAwait(false);
            if (incoming is not null && key is not null)
                await incoming.CompleteAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The zip is stored and recorded: imported. Only its compaction failed, and a later compact (the one
            // `archive` runs last, or the nightly) takes it in from the raw zone.
            logger.LogError(e, "{File}: stored in the raw zone, but compacting it into the table failed; `binance-lake compact` takes it in", file.Name);
        }
        logger.LogInformation("{File}: {Trades:N0} trades, ids {Ids}{Gaps}", file.Name, read.Trades, read.Ids?.ToString() ?? "none",
            read.Gaps.Count == 0 ? "" : $", {read.Gaps.Count} gap(s): {string.Join(", ", read.Gaps)}");
        return new ArchiveImportSummary.ImportedFile(file.Name, read.Ids?.First, read.Ids?.Last, read.Trades, read.Gaps, key);
    }

    // Every row is read once before anything is stored: the zip's id range names it, and damage anywhere rejects it.
    private async Task<(IdRange? Ids, long Trades, IReadOnlyList<IdRange> Gaps)> ReadAsync(ArchiveFile file, string local, IIncomingChunk? incoming,
        CancellationToken cancellationToken)
    {
        long trades = 0, first = -1, last = -1;
        var gaps = new List<IdRange>();
        using var content = File.OpenRead(local);
        using var batches = _decoder.Decode(file.Name, content).GetEnumerator();
        while (NextBatch(file, batches) is { } batch)
        {
            foreach (var trade in batch)
            {
                if (last >= 0 && trade.Id > last + 1)
                    gaps.Add(new IdRange(last + 1, trade.Id - 1));
                if (first < 0)
                    first = trade.Id;
                last = trade.Id;
            }
            trades += batch.Count;
            if (incoming is not null)
                await incoming.AddAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        return (first < 0 ? null : new IdRange(first, last), trades, gaps);
    }

    // Damage is the decoder's to find; a failure of the intake (the table's store, say) is not the zip's fault.
    private static IReadOnlyList<Trade>? NextBatch(ArchiveFile file, IEnumerator<IReadOnlyList<Trade>> batches)
    {
        try
        {
            return batches.MoveNext() ? batches.Current : null;
        }
        catch (InvalidDataException e)
        {
            throw new ArchiveDamagedException(file, e.Message, e);
        }
    }
}
