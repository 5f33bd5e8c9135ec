using Binance.Lake.Core.Storage;
using Binance.Lake.Transform.Delta;

namespace Binance.Lake.Transform.Trades;

/// <summary>The curated Delta table <c>trades</c> at <c>&lt;lake&gt;/curated/trades</c>.</summary>
public static class TradesTable
{
    public const string Path = "curated/trades";

    public static DeltaTable Open(IObjectStore store) => new(store, Path);

    public static Metadata NewMetadata() => Metadata.Create(
        StructType.Parse(TradesTableSchema.SparkSchemaJson),
        TradesTableSchema.PartitionColumns,
        name: "trades",
        description: "Binance spot trades, one row per trade id per instrument");

    /// <summary>The live files of each partition.</summary>
    public static ILookup<TradePartition, AddFile> FilesByPartition(Snapshot snapshot) =>
        snapshot.Files
            .Select(file => (Partition: TradePartition.From(file), File: file))
            .Where(x => x.Partition is not null)
            .ToLookup(x => x.Partition!.Value, x => x.File);
}
