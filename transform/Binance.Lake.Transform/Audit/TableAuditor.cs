using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Transform.Audit;

/// <summary>
/// Proves, from the data files themselves, that every trade id of each instrument is in the table exactly
/// once. Reads only the trade_id column, one partition at a time.
/// </summary>
public sealed class TableAuditor(IObjectStore store)
{
    public async Task<AuditReport> AuditAsync(string? symbol, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var table = TradesTable.Open(store);
        var snapshot = await table.LoadAsync(ct: cancellationToken).ConfigureAwait(false);
        var partitions = TradesTable.FilesByPartition(snapshot)
            .Where(p => p.Key.IsWithin(symbol, from, to))
            .OrderBy(p => p.Key)
            .ToArray();

        var days = new List<DayAudit>(partitions.Length);
        foreach (var instrument in partitions.GroupBy(p => p.Key.Instrument))
        {
            long? previousLast = null;
            foreach (var partition in instrument)
            {
                var ids = await ReadSortedIdsAsync(table, partition, cancellationToken).ConfigureAwait(false);
                if (ids.Length == 0)
                    continue;
                var day = Audit(partition.Key, ids, previousLast);
                days.Add(day);
                previousLast = day.LastId;
            }
        }
        return new AuditReport(days);
    }

    private static DayAudit Audit(TradePartition partition, long[] ids, long? previousLast)
    {
        var missing = new List<IdRange>();
        if (previousLast is { } last && ids[0] > last + 1)
            missing.Add(new IdRange(last + 1, ids[0] - 1));
        // An id at or below the previous day's last id is held twice, once on each side of midnight.
        long duplicates = previousLast is { } end ? ids.TakeWhile(id => id <= end).LongCount() : 0;
        for (var i = 1; i < ids.Length; i++)
        {
            if (ids[i] == ids[i - 1])
                duplicates++;
            else if (ids[i] > ids[i - 1] + 1)
                missing.Add(new IdRange(ids[i - 1] + 1, ids[i] - 1));
        }
        return new DayAudit(partition.Instrument, partition.Day, ids[0], ids[^1], ids.Length, duplicates, missing);
    }

    private static async Task<long[]> ReadSortedIdsAsync(DeltaTable table, IGrouping<TradePartition, AddFile> files, CancellationToken cancellationToken)
    {
        var parts = new List<long[]>();
        foreach (var file in files)
        {
            var bytes = await table.ReadDataFileAsync(file, cancellationToken).ConfigureAwait(false);
            parts.Add(await TradeFileReader.ReadIdsAsync(bytes, cancellationToken).ConfigureAwait(false));
        }
        var ids = parts.Count == 1 ? parts[0] : parts.SelectMany(p => p).ToArray();
        Array.Sort(ids);
        return ids;
    }
}
