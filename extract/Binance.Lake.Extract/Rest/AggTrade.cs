namespace Binance.Lake.Extract.Rest;

/// <summary>One <c>/aggTrades</c> entry. Only what locating trade ids by time needs: the trade id range and the time.</summary>
public readonly record struct AggTrade(long AggregateId, long FirstTradeId, long LastTradeId, long TimeMicros);
