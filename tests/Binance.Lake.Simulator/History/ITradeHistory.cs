namespace Binance.Lake.Simulator.History;

/// <summary>
/// The trade history of one symbol, independent of HTTP so websocket and archive endpoints can
/// reuse it. "now" is always passed in (µs since the epoch): only trades with time ≤ now exist,
/// which lets tests drive growth with a fake clock.
/// Ids are contiguous from <see cref="FirstId"/>; aggregate ids are contiguous from <see cref="FirstAggId"/>.
/// </summary>
internal interface ITradeHistory
{
    string Symbol { get; }
    SymbolSpec Spec { get; }

    long FirstId { get; }
    long FirstAggId { get; }

    /// <summary>Newest existing trade id at <paramref name="nowMicros"/>; FirstId - 1 when none exists yet.</summary>
    long NewestId(long nowMicros);

    /// <summary>Up to <paramref name="count"/> trades from <paramref name="fromId"/> (clamped to existing ones), ascending.</summary>
    IReadOnlyList<Trade> GetTrades(long fromId, int count, long nowMicros);

    /// <summary>Id of the first trade with time ≥ <paramref name="timeMicros"/>; NewestId + 1 when none exists.</summary>
    long FirstTradeIdAtOrAfter(long timeMicros, long nowMicros);

    /// <summary>Newest existing aggregate id; FirstAggId - 1 when none exists yet.</summary>
    long NewestAggId(long nowMicros);

    /// <summary>Up to <paramref name="count"/> aggregates from <paramref name="fromAggId"/>, ascending.</summary>
    IReadOnlyList<AggTrade> GetAggTrades(long fromAggId, int count, long nowMicros);

    /// <summary>Id of the first aggregate with time ≥ <paramref name="timeMicros"/>; NewestAggId + 1 when none exists.</summary>
    long FirstAggIdAtOrAfter(long timeMicros, long nowMicros);

    /// <summary>Id of the aggregate that contains trade <paramref name="tradeId"/> (which must exist at <paramref name="nowMicros"/>).</summary>
    long AggIdOfTrade(long tradeId, long nowMicros);
}
