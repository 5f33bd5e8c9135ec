using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Serving;

/// <summary>Which partitions of the table a load considers; null bounds select everything.</summary>
/// <param name="Symbol">Only this instrument.</param>
/// <param name="FromDate">First UTC day.</param>
/// <param name="ToDate">Last UTC day, inclusive.</param>
public sealed record LoadSelection(string? Symbol = null, DateOnly? FromDate = null, DateOnly? ToDate = null)
{
    public bool Contains(TradePartition partition) => partition.IsWithin(Symbol, FromDate, ToDate);
}
