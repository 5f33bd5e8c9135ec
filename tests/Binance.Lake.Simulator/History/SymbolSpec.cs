namespace Binance.Lake.Simulator.History;

/// <summary>
/// Static facts about a symbol: assets, filters and the price level the generator centres on.
/// Ticks and steps are 1e8-scaled like every decimal in the simulator.
/// </summary>
internal sealed record SymbolSpec(string Symbol, string BaseAsset, string QuoteAsset, long TickE8, long StepE8, double BasePrice)
{
    // Longest first, so "FDUSD" wins over "USD"-like shorter matches.
    private static readonly string[] QuoteSuffixes = ["FDUSD", "USDT", "USDC", "BUSD", "TUSD", "BTC", "ETH", "BNB", "EUR", "TRY"];

    public static SymbolSpec For(string symbol)
    {
        var (baseAsset, quoteAsset) = SplitAssets(symbol);
        return symbol switch
        {
            // Real filters of these pairs, so clients see realistic tick/step sizes.
            "BTCUSDT" => new SymbolSpec(symbol, baseAsset, quoteAsset, TickE8: 1_000_000, StepE8: 1_000, BasePrice: 60_000),
            "ETHUSDT" => new SymbolSpec(symbol, baseAsset, quoteAsset, TickE8: 1_000_000, StepE8: 10_000, BasePrice: 3_000),
            _ => new SymbolSpec(symbol, baseAsset, quoteAsset, TickE8: 10_000, StepE8: 10_000_000, BasePrice: 1.0),
        };
    }

    private static (string Base, string Quote) SplitAssets(string symbol)
    {
        foreach (var quote in QuoteSuffixes)
        {
            if (symbol.Length > quote.Length && symbol.EndsWith(quote, StringComparison.Ordinal))
                return (symbol[..^quote.Length], quote);
        }
        // Arbitrary test names ("FOO") have no recognisable quote; any stable answer will do.
        return (symbol, "USDT");
    }
}
