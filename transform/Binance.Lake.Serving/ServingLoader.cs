using System.Diagnostics;
using Binance.Lake.Core.Storage;
using Binance.Lake.Serving.Planning;
using Binance.Lake.Transform.Trades;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Serving;

/// <summary>
/// <c>load</c>: the curated table's selected partitions into a serving database, idempotently. The target's ledger
/// says which data files each partition was loaded from; a partition whose files are unchanged is skipped, a new
/// or changed one is written whole in one transaction. A rerun with nothing new opens no write transaction.
/// </summary>
public sealed class ServingLoader(IObjectStore lake, ILogger logger)
{
    public LoadProgress Progress { get; } = new();

    public async Task<LoadSummary> RunAsync(ServingTarget target, LoadSelection selection, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        if (selection.FromDate > selection.ToDate)
            throw new ArgumentException($"The to date {selection.ToDate:yyyy-MM-dd} is before the from date {selection.FromDate:yyyy-MM-dd}.");
        // The table first: a lake without one fails before the target is created or touched. Only its existence,
        // though: the log is read while the target opens, whose first connection is slow (the driver's code is
        // compiled as it first runs).
        var table = TradesTable.Open(lake);
        var reading = table.LoadAsync(ct: cancellationToken);
        if (!await table.ExistsAsync(cancellationToken).ConfigureAwait(false))
            await reading.ConfigureAwait(false); // fails: no table
        await using var database = await target.OpenAsync(logger, cancellationToken).ConfigureAwait(false);
        var snapshot = await reading.ConfigureAwait(false);
        var plan = LoadPlan.Create(snapshot, await database.ReadLedgerAsync(cancellationToken).ConfigureAwait(false), selection);
        Progress.PartitionsToLoad = plan.Loads.Count;
        logger.LogInformation("Table version {Version}: {Load} of {Selected} selected partition(s) to load into {Target}, {Unchanged} unchanged",
            plan.TableVersion, plan.Loads.Count, plan.Selected, target.Description, plan.Unchanged);

        await database.LoadAsync(table, plan, (load, rows) =>
        {
            Progress.PartitionDone(rows);
            logger.LogDebug("{Partition}: {Rows} rows from {Files} file(s)", load.Partition, rows, load.Files.Count);
        }, cancellationToken).ConfigureAwait(false);

        var reloaded = plan.Loads.Count(l => l.Reload);
        return new LoadSummary(target.Description, plan.TableVersion, plan.Selected, plan.Loads.Count - reloaded, reloaded, plan.Unchanged,
            Progress.Rows, stopwatch.Elapsed.TotalSeconds);
    }
}
