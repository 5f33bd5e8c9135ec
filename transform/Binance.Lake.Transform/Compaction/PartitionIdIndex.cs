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
            AddRuns(ids, await TradeFileReader.ReadIdsAsync(bytes, cancellationToken).ConfigureAwait(false));
        }
        _ids[partition] = ids;
        return ids;
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
