using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Transform.Compaction;

/// <summary>
/// The trade ids each partition holds (in the table, plus what this run has written), read once per
/// partition from the trade_id column only. Held as ranges: a healthy partition is one range.
/// </summary>
internal sealed class PartitionIdIndex(DeltaTable table, ILookup<TradePartition, AddFile> files)
{
    private readonly Dictionary<TradePartition, IdRangeSet> _ids = [];

    public async Task<IdRangeSet> GetAsync(TradePartition partition, CancellationToken cancellationToken)
    {
        if (_ids.TryGetValue(partition, out var ids))
            return ids;
        ids = new IdRangeSet();
        foreach (var file in files[partition])
        {
            var bytes = await table.ReadDataFileAsync(file, cancellationToken).ConfigureAwait(false);
            var fileIds = await TradeFileReader.ReadIdsAsync(bytes, cancellationToken).ConfigureAwait(false);
            // Our writer sorts; other writers (the Spark job's MERGE) need not, and runs are only runs in id order.
            if (!IsSorted(fileIds))
                Array.Sort(fileIds);
            AddRuns(ids, fileIds);
        }
        _ids[partition] = ids;
        return ids;
    }

    private static bool IsSorted(long[] ids)
    {
        for (var i = 1; i < ids.Length; i++)
        {
            if (ids[i] < ids[i - 1])
                return false;
        }
        return true;
    }

    /// <summary>Adds sorted ids run by run: a file of a million contiguous ids is one range, not a million.</summary>
    public static void AddRuns(IdRangeSet set, IReadOnlyList<long> sortedIds)
    {
        for (var start = 0; start < sortedIds.Count;)
        {
            var end = start;
            while (end + 1 < sortedIds.Count && sortedIds[end + 1] <= sortedIds[end] + 1)
                end++;
            set.Add(new IdRange(sortedIds[start], sortedIds[end]));
            start = end + 1;
        }
    }
}
