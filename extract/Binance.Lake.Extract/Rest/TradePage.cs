using Binance.Lake.Core.Trades;

namespace Binance.Lake.Extract.Rest;

/// <summary>One <c>/trades</c> or <c>/historicalTrades</c> response: the bytes exactly as received, and the trades they hold.</summary>
public sealed record TradePage(ReadOnlyMemory<byte> Body, IReadOnlyList<Trade> Trades)
{
    public bool IsEmpty => Trades.Count == 0;

    public IdRange Ids => IsEmpty ? new IdRange(0, -1) : new IdRange(Trades[0].Id, Trades[^1].Id);
}
