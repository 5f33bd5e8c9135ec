using System.Text.Json;
using Binance.Lake.Simulator.History;

namespace Binance.Lake.Simulator.WebSockets;

/// <summary>One stream on one connection, and the next trade id it owes the client.</summary>
internal sealed class Subscription(ITradeHistory history, long nextId)
{
    public ITradeHistory History => history;

    public string Name { get; } = StreamName.Of(history);

    // Encoded once here so formatting a message copies bytes instead of escaping strings.
    public JsonEncodedText EncodedName { get; } = JsonEncodedText.Encode(StreamName.Of(history));
    public JsonEncodedText EncodedSymbol { get; } = JsonEncodedText.Encode(history.Symbol);

    /// <summary>Per-symbol salt for the hashed per-trade choices (event delay, skip, repeat).</summary>
    public ulong Key { get; } = SplitMix.HashString(history.Symbol);

    public long NextId { get; set; } = nextId;

    /// <summary>
    /// After the newest trade at <paramref name="nowMicros"/>: only new trades, as on Binance, whose
    /// clients take history from REST. Or at <paramref name="fromId"/>, the simulator's replay extension.
    /// </summary>
    public static Subscription Start(ITradeHistory history, long? fromId, long nowMicros) =>
        new(history, fromId is { } from ? Math.Max(from, history.FirstId) : history.NewestId(nowMicros) + 1);
}
