using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Transform.Maintenance;

/// <summary>The small files of one partition that an optimize run merges, oldest first.</summary>
internal sealed record PartitionRewrite(TradePartition Partition, IReadOnlyList<AddFile> Files);

/// <summary>
/// Which partitions are worth rewriting: those with at least two small files. Files already near the target are
/// left alone (rewriting them would cost a full read and write for nothing), and a single small file has nothing
/// to merge with, so a partition an earlier run optimized (near-target files plus at most one small tail) is
/// skipped and a rerun commits nothing. This is delta-rs's bin-packing rule.
/// </summary>
internal static class OptimizeCandidates
{
    public static (int Considered, List<PartitionRewrite> Rewrites) Select(Snapshot snapshot, OptimizeOptions options)
    {
        var partitions = TradesTable.FilesByPartition(snapshot)
            .Where(p => p.Key.IsWithin(options.Symbol, options.FromDate, options.ToDate))
            .OrderBy(p => p.Key)
            .ToList();
        var rewrites = new List<PartitionRewrite>();
        foreach (var partition in partitions)
        {
            // Oldest first: where two files hold the same trade id, the copy the table had first wins, as in compact.
            var small = partition.Where(f => f.Size < options.SmallFileBytes)
                .OrderBy(f => f.ModificationTime).ThenBy(f => f.Path, StringComparer.Ordinal)
                .ToList();
            if (small.Count >= 2)
                rewrites.Add(new PartitionRewrite(partition.Key, small));
        }
        return (partitions.Count, rewrites);
    }
}
