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
/// id against what the partition already holds, sorted, and written as new data files; one commit adds them
/// all and records the raw files consumed. A day is written as soon as a source has moved past it, so memory
/// holds about one partition. A kill at any point leaves the table as it was; the next run does the work.
/// </summary>
public sealed class Compactor(IObjectStore store, IReadOnlyList<IRawChunkDecoder> decoders, ILogger logger)
{
    public async Task<CompactSummary> RunAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var table = TradesTable.Open(store);
        var snapshot = await table.ExistsAsync(cancellationToken).ConfigureAwait(false)
            ? await table.LoadAsync(ct: cancellationToken).ConfigureAwait(false)
            : null;
        var sequence = (snapshot?.TxnVersion(CompactManifests.AppId) ?? 0) + 1;
        var manifests = new CompactManifests(store);
        var consumed = snapshot is null ? [] : await manifests.ConsumedAsync(snapshot.Version, cancellationToken).ConfigureAwait(false);
        var pending = await PendingAsync(consumed, cancellationToken).ConfigureAwait(false);
        if (pending.Count == 0)
        {
            logger.LogInformation("Nothing to compact: every raw file is already in {Table}", table.Name);
            return new CompactSummary(null, 0, 0, 0, 0, 0, 0, stopwatch.Elapsed.TotalSeconds);
        }

        var run = new CompactRun(table, snapshot is null ? EmptyLookup() : TradesTable.FilesByPartition(snapshot), logger);
        foreach (var symbol in pending.GroupBy(p => p.Symbol))
        {
            foreach (var source in symbol.GroupBy(p => p.Decoder))
                await run.ReadAsync(symbol.Key, source.Key, source.Select(p => p.Key), cancellationToken).ConfigureAwait(false);
            // Every source of this symbol is read: its open days are complete, and memory holds one symbol at a time.
            await run.FlushAllAsync(cancellationToken).ConfigureAwait(false);
        }

        var transaction = table.StartTransaction(snapshot);
        if (snapshot is null)
        {
            transaction.SetProtocol(Protocol.Default);
            transaction.SetMetadata(TradesTable.NewMetadata());
        }
        foreach (var add in run.Added)
            transaction.Add(add);
        transaction.SetTxn(CompactManifests.AppId, sequence);
        var version = await transaction.CommitAsync("WRITE",
            new Dictionary<string, string> { ["mode"] = "Append", ["partitionBy"] = "[\"trade_year\",\"trade_month\",\"trade_day\",\"instrument\"]" },
            new Dictionary<string, string>
            {
                ["numFiles"] = run.Added.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["numOutputRows"] = run.TradesAdded.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["numRawFiles"] = pending.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            cancellationToken).ConfigureAwait(false);
        await manifests.WriteAsync(version, pending.Select(p => p.Key), cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Compacted {RawFiles} raw files into {Table} version {Version}: {Added} trades added, {Duplicates} duplicates dropped, {Files} files",
            pending.Count, table.Name, version, run.TradesAdded, run.DuplicatesDropped, run.Added.Count);
        return new CompactSummary(version, pending.Count, run.TradesRead, run.TradesAdded, run.DuplicatesDropped,
            run.Partitions, run.Added.Count, stopwatch.Elapsed.TotalSeconds);
    }

    private static ILookup<TradePartition, AddFile> EmptyLookup() => Array.Empty<(TradePartition P, AddFile F)>().ToLookup(x => x.P, x => x.F);

    private async Task<List<(string Symbol, IRawChunkDecoder Decoder, string Key)>> PendingAsync(HashSet<string> consumed, CancellationToken cancellationToken)
    {
        var pending = new List<(string, IRawChunkDecoder, string Key, IdRange Range)>();
        await foreach (var item in store.ListAsync(RawZone.Root + "/", cancellationToken).ConfigureAwait(false))
        {
            // raw/binance-spot/<SYMBOL>/<source>/<first>-<last>.<ext>
            var parts = item.Key.Split('/');
            if (parts.Length != 5 || consumed.Contains(item.Key) || RawZone.ParseChunkRange(item.Key) is not { } range)
                continue;
            var decoder = decoders.FirstOrDefault(d => d.Source.FolderName() == parts[3]);
            if (decoder is not null)
                pending.Add((parts[2], decoder, item.Key, range));
        }
        return pending.OrderBy(p => p.Item1, StringComparer.Ordinal).ThenBy(p => p.Range.First)
            .Select(p => (p.Item1, p.Item2, p.Key)).ToList();
    }
}
