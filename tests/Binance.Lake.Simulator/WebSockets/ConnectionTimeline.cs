using Microsoft.AspNetCore.Http;

namespace Binance.Lake.Simulator.WebSockets;

internal enum ConnectionEvent
{
    None,

    /// <summary>Stop sending messages; the connection stays open (pings and the close handshake go on).</summary>
    Stall,

    /// <summary>Abort the connection: no close frame.</summary>
    Drop,

    /// <summary>Close frame: the connection reached its lifetime.</summary>
    Close,
}

/// <summary>
/// What happens to a websocket as it ages. Ages are real connection time, not the simulator's clock:
/// Binance cuts a connection after 24 h of connection whatever the market did, and a test that
/// freezes the market clock still wants its connections to ping, stall and close.
/// Pings are the websocket's own keep-alive: real ping frames every <see cref="PingInterval"/>, and a
/// client whose pong is missing after <see cref="PongTimeout"/> is aborted, as Binance does.
/// </summary>
internal sealed record ConnectionTimeline(TimeSpan PingInterval, TimeSpan PongTimeout, TimeSpan Lifetime, TimeSpan? DropAfter, TimeSpan? StallAfter)
{
    public static ConnectionTimeline From(SimulatorOptions options) =>
        new(options.WsPingInterval, options.WsPongTimeout, options.WsLifetime, options.WsDropEvery, options.WsStallEvery);

    public WebSocketAcceptContext AcceptContext() => new() { KeepAliveInterval = PingInterval, KeepAliveTimeout = PongTimeout };

    /// <summary>The earliest event whose time has come; a stall already in effect is not due again.</summary>
    public ConnectionEvent Due(TimeSpan age, bool stalled) =>
        Events(stalled).Where(e => e.At <= age).OrderBy(e => e.At).Select(e => e.Event).FirstOrDefault();

    /// <summary>Time left until the next event; positive whenever <see cref="Due"/> found none.</summary>
    public TimeSpan UntilNext(TimeSpan age, bool stalled) => Events(stalled).Min(e => e.At) - age;

    private IEnumerable<(TimeSpan At, ConnectionEvent Event)> Events(bool stalled)
    {
        yield return (Lifetime, ConnectionEvent.Close);
        if (DropAfter is { } drop) yield return (drop, ConnectionEvent.Drop);
        if (StallAfter is { } stall && !stalled) yield return (stall, ConnectionEvent.Stall);
    }
}
