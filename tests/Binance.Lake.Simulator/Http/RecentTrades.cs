using Binance.Lake.Simulator.History;

namespace Binance.Lake.Simulator.Http;

/// <summary>The newest trades of a history, shared by /trades and /historicalTrades without fromId.</summary>
internal static class RecentTrades
{
    public static IReadOnlyList<Trade> Get(ITradeHistory history, int limit, RequestContext c)
    {
        long newest = history.NewestId(c.NowMicros);
        long floor = Math.Max(c.RestFloorId, history.FirstId);
        long from = Math.Max(floor, newest - limit + 1);
        return from > newest ? [] : history.GetTrades(from, (int)(newest - from + 1), c.NowMicros);
    }
}
