using Binance.Lake.Simulator.Replay;

namespace Binance.Lake.Simulator.History;

/// <summary>The symbols one simulator serves, in the order exchangeInfo lists them.</summary>
internal sealed class HistoryCatalog
{
    private readonly Dictionary<string, ITradeHistory> _bySymbol;

    private HistoryCatalog(IReadOnlyList<ITradeHistory> all)
    {
        All = all;
        _bySymbol = all.ToDictionary(h => h.Symbol, StringComparer.Ordinal);
    }

    public IReadOnlyList<ITradeHistory> All { get; }

    /// <summary>Symbol lookup is case-sensitive: Binance answers "btcusdt" with -1121.</summary>
    public bool TryGet(string symbol, out ITradeHistory history) =>
        _bySymbol.TryGetValue(symbol, out history!);

    public static HistoryCatalog Build(SimulatorOptions options, DateTimeOffset start)
    {
        long startDay = start.ToUnixTimeSeconds() / 86_400;
        long genesisSecond = (startDay - options.HistoryDays) * 86_400;
        var histories = options.Symbols
            .Select(s => (ITradeHistory)new GeneratedHistory(SymbolSpec.For(s), options.Seed, options.TradesPerSecond, genesisSecond))
            .ToList();
        if (options.ReplayFile is not null)
        {
            var replay = CaptureReader.Load(options.ReplayFile);
            int same = histories.FindIndex(h => h.Symbol == replay.Symbol);
            if (same >= 0) histories[same] = replay;
            else histories.Add(replay);
        }
        return new HistoryCatalog(histories);
    }
}
