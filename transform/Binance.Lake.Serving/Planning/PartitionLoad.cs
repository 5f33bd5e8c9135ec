using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Serving.Planning;

/// <summary>One partition to (re)write in the target, from exactly these data files of the snapshot.</summary>
/// <param name="Reload">True when the target holds an earlier version of the partition, which the load replaces.</param>
internal sealed record PartitionLoad(TradePartition Partition, IReadOnlyList<AddFile> Files, string FilesSha256, bool Reload);
