using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Binance.Lake.Core.Storage;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Transform.Maintenance;

/// <summary>
/// Rewrites the small files of each partition of the trades table into files near a target size, sorted by
/// trade id, in one commit of removes and adds that all say dataChange=false: the rows are the same, so
/// streaming readers skip the commit, and it never conflicts with compact's blind appends (a compact that
/// lands first simply keeps its new file). Two optimizes of the same partition do conflict; the loser throws
/// <see cref="DeltaConcurrencyException"/>, having deleted the files it wrote, and can be run again.
/// Memory holds one partition's rewritten files at a time.
/// </summary>
public sealed class Optimizer(IObjectStore store, ILogger logger)
{
    public async Task<OptimizeSummary> RunAsync(OptimizeOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var stopwatch = Stopwatch.StartNew();
        var table = TradesTable.Open(store);
        if (!await table.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            logger.LogInformation("Nothing to optimize: {Table} does not exist yet (compact creates it)", table.Name);
            return new OptimizeSummary(null, 0, 0, 0, 0, 0, 0, 0, 0, stopwatch.Elapsed.TotalSeconds);
        }
        var snapshot = await table.LoadAsync(ct: cancellationToken).ConfigureAwait(false);
        var (considered, rewrites) = OptimizeCandidates.Select(snapshot, options);
        if (rewrites.Count == 0)
        {
            logger.LogInformation("Nothing to optimize in {Table} version {Version}: none of {Partitions} partition(s) has two files below {Bytes:N0} bytes",
                table.Name, snapshot.Version, considered, options.SmallFileBytes);
            return new OptimizeSummary(null, considered, 0, 0, 0, 0, 0, 0, 0, stopwatch.Elapsed.TotalSeconds);
        }

        var run = new OptimizeRun(table, options, logger);
        var commitStarted = false;
        try
        {
            foreach (var rewrite in rewrites)
                await run.RewriteAsync(rewrite, cancellationToken).ConfigureAwait(false);

            var removed = rewrites.SelectMany(r => r.Files).ToList();
            var transaction = table.StartTransaction(snapshot);
            var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var file in removed)
                transaction.Remove(file.ToRemove(now, dataChange: false));
            foreach (var add in run.Added)
                transaction.Add(add);
            commitStarted = true;
            var version = await transaction.CommitAsync("OPTIMIZE", Parameters(options), Metrics(rewrites.Count, removed, run), cancellationToken)
                .ConfigureAwait(false);

            var summary = new OptimizeSummary(version, considered, rewrites.Count, removed.Count, run.Added.Count,
                removed.Sum(f => f.Size), run.Added.Sum(f => f.Size), run.Rows, run.Duplicates, stopwatch.Elapsed.TotalSeconds);
            logger.LogInformation("Optimized {Partitions} partition(s) of {Table} in version {Version}: {Removed} files ({BytesRemoved:N0} bytes) rewritten as {Added} ({BytesAdded:N0} bytes), {Rows:N0} rows",
                summary.PartitionsRewritten, table.Name, version, summary.FilesRemoved, summary.BytesRemoved, summary.FilesAdded, summary.BytesAdded, summary.Rows);
            return summary;
        }
        catch (Exception e) when (!commitStarted || e is DeltaConcurrencyException)
        {
            // The files are referenced by nothing: clean up now rather than leave them to vacuum. A commit that
            // failed in any other way may have landed, so its files are left alone.
            await run.DeleteUnreferencedAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static Dictionary<string, string> Parameters(OptimizeOptions options)
    {
        var predicate = new List<string>();
        if (options.Symbol is not null)
            predicate.Add($"instrument = '{options.Symbol}'");
        if (options.FromDate is { } from)
            predicate.Add($"(trade_year, trade_month, trade_day) >= ({from.Year}, {from.Month}, {from.Day})");
        if (options.ToDate is { } to)
            predicate.Add($"(trade_year, trade_month, trade_day) <= ({to.Year}, {to.Month}, {to.Day})");
        // Spark writes the predicate as a JSON array of SQL strings, delta-rs adds the target size.
        return new Dictionary<string, string>
        {
            ["predicate"] = JsonSerializer.Serialize(predicate),
            ["targetSize"] = Text(options.TargetFileBytes),
        };
    }

    private static Dictionary<string, string> Metrics(int partitions, List<AddFile> removed, OptimizeRun run) => new()
    {
        // Spark's OPTIMIZE metric names, plus what only a deduplicating rewrite has to say.
        ["numRemovedFiles"] = Text(removed.Count),
        ["numAddedFiles"] = Text(run.Added.Count),
        ["numRemovedBytes"] = Text(removed.Sum(f => f.Size)),
        ["numAddedBytes"] = Text(run.Added.Sum(f => f.Size)),
        ["numPartitionsOptimized"] = Text(partitions),
        ["numOutputRows"] = Text(run.Rows),
        ["numDuplicatesDropped"] = Text(run.Duplicates),
    };

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
