using Binance.Lake.Serving.Planning;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Serving;

/// <summary>An open serving database, holding the target for this load alone until disposed.</summary>
internal interface IServingDatabase : IAsyncDisposable
{
    Task<IReadOnlyDictionary<TradePartition, LoadedPartition>> ReadLedgerAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes each partition of the plan in its own transaction (its rows replaced by the files' rows, and the ledger
    /// entry), in plan order or several at a time, calling <paramref name="loaded"/> (perhaps from several threads)
    /// with the rows after each commit.
    /// </summary>
    Task LoadAsync(DeltaTable table, LoadPlan plan, Action<PartitionLoad, long> loaded, CancellationToken cancellationToken);
}
