using Binance.Lake.Simulator.History;
using Binance.Lake.Simulator.Http;

namespace Binance.Lake.Simulator.WebSockets;

/// <summary>
/// "&lt;symbol&gt;@trade", the symbol in lowercase as Binance spells stream names. Only the trade stream
/// exists here, and anything else is refused rather than accepted and left silent: a collector
/// pointed at a stream that never sends would hang a test instead of failing it.
/// </summary>
internal static class StreamName
{
    private const string TradeSuffix = "@trade";

    public static string Of(ITradeHistory history) => history.Symbol.ToLowerInvariant() + TradeSuffix;

    /// <exception cref="ApiException">-1100 for a malformed or unsupported name, -1121 for an unknown symbol.</exception>
    public static ITradeHistory Resolve(string name, HistoryCatalog catalog)
    {
        var symbol = name.EndsWith(TradeSuffix, StringComparison.Ordinal) ? name.AsSpan(0, name.Length - TradeSuffix.Length) : [];
        if (symbol.IsEmpty || symbol.ContainsAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789"))
            throw new ApiException(-1100, $"Invalid stream name '{name}'; the simulator serves only <symbol>@trade streams, in lowercase.");
        return catalog.TryGet(symbol.ToString().ToUpperInvariant(), out var history) ? history : throw BinanceErrors.InvalidSymbol();
    }
}
