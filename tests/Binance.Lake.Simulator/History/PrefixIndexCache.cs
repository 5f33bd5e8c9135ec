using System.Collections.Concurrent;

namespace Binance.Lake.Simulator.History;

/// <summary>
/// Shares prefix indexes between simulators in one process: building 45 days of minute sums costs
/// tens of milliseconds per symbol, and test suites start many simulators with the same seed.
/// The index is a pure function of its key, so sharing cannot leak state between simulators.
/// </summary>
internal static class PrefixIndexCache
{
    private const int MaxEntries = 64;

    private static readonly ConcurrentDictionary<(ulong Key, double TradesPerSecond, long Genesis), PrefixIndex> Cache = new();

    public static PrefixIndex Get(ulong key, double tradesPerSecond, long genesisSecond, ActivityModel model)
    {
        // Crude bound for long-running processes that try many seeds; rebuilding is always correct.
        if (Cache.Count >= MaxEntries) Cache.Clear();
        return Cache.GetOrAdd((key, tradesPerSecond, genesisSecond), _ => new PrefixIndex(model, genesisSecond));
    }
}
