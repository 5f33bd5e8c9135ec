namespace Binance.Lake.Core.Trades;

/// <summary>
/// One Binance spot trade, in the exchange's own terms. Prices and quantities stay exact decimals
/// (Binance sends strings); time is microseconds since the Unix epoch, UTC, the finest unit any source offers.
/// </summary>
public readonly record struct Trade(
    long Id,
    decimal Price,
    decimal Qty,
    decimal QuoteQty,
    long TimeMicros,
    bool IsBuyerMaker,
    bool IsBestMatch)
{
    public DateTimeOffset Time => DateTimeOffset.UnixEpoch.AddTicks(TimeMicros * 10);
}
