namespace Binance.Lake.Simulator.History;

/// <summary>
/// One trade. Decimal fields are fixed-point integers scaled by 1e8 (Binance's 8 decimals), so
/// prices stay exact and formatting needs no decimal/double round trips.
/// </summary>
internal readonly record struct Trade(
    long Id,
    long TimeMicros,
    long PriceE8,
    long QtyE8,
    long QuoteQtyE8,
    bool IsBuyerMaker,
    bool IsBestMatch);

/// <summary>One taker order's fills at one price and time: Binance's aggTrade.</summary>
internal readonly record struct AggTrade(
    long AggId,
    long PriceE8,
    long QtyE8,
    long FirstTradeId,
    long LastTradeId,
    long TimeMicros,
    bool IsBuyerMaker,
    bool IsBestMatch);
