using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;

namespace Binance.Lake.Transform.Trades;

/// <summary>A trade as the curated table holds it: the exchange's record plus where it came from.</summary>
public readonly record struct TradeRow(Trade Trade, RawSource Source);
