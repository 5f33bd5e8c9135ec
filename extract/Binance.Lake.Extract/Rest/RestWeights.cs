namespace Binance.Lake.Extract.Rest;

/// <summary>
/// Request weights as Binance documents them today (they have changed several times). The governor
/// resynchronises from the used-weight header, so a stale number here costs pacing accuracy, not a ban.
/// </summary>
public static class RestWeights
{
    public const int Time = 1;
    public const int ExchangeInfo = 20;
    public const int Trades = 25;
    public const int HistoricalTrades = 25;
    public const int AggTrades = 4;
}
