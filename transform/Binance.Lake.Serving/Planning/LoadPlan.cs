using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Serving.Planning;

/// <summary>
/// The partitions a load writes: every selected partition of the snapshot whose file set differs from the one the
/// ledger recorded (or that the ledger lacks), in partition order. Only the Delta log decides what is current;
/// directories are never listed, so uncommitted and vacuumable files are never served.
/// </summary>
internal sealed record LoadPlan(long TableVersion, IReadOnlyList<PartitionLoad> Loads, int Selected)
{
    public int Unchanged => Selected - Loads.Count;

    public static LoadPlan Create(Snapshot snapshot, IReadOnlyDictionary<TradePartition, LoadedPartition> ledger, LoadSelection selection)
    {
        var selected = TradesTable.FilesByPartition(snapshot).Where(p => selection.Contains(p.Key)).OrderBy(p => p.Key).ToList();
        var loads = new List<PartitionLoad>();
        foreach (var partition in selected)
        {
            var fingerprint = FileSetFingerprint.Of(partition);
            var loaded = ledger.GetValueOrDefault(partition.Key);
            if (loaded?.FilesSha256 != fingerprint)
                loads.Add(new PartitionLoad(partition.Key, partition.OrderBy(f => f.ModificationTime).ThenBy(f => f.Path, StringComparer.Ordinal).ToList(), fingerprint, Reload: loaded is not null));
        }
        return new LoadPlan(snapshot.Version, loads, selected.Count);
    }
}
