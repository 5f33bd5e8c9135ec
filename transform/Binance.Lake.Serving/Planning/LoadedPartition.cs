using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Serving.Planning;

/// <summary>A partition as the target's ledger records it: which set of data files its rows came from.</summary>
internal sealed record LoadedPartition(TradePartition Partition, string FilesSha256);
