namespace Binance.Lake.Simulator.Replay;

/// <summary>A trade as read from a capture, before ids are checked and aggregates formed.</summary>
internal readonly record struct CapturedTrade(
    string Symbol,
    long Id,
    long TimeMicros,
    long PriceE8,
    long QtyE8,
    bool IsBuyerMaker,
    bool IsBestMatch);
