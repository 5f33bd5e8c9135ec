namespace Binance.Lake.Extract.Live;

/// <summary>How the live collector connects, batches and recovers. Defaults suit Binance and a lake; tests scale the timings down.</summary>
public sealed record LiveOptions
{
    /// <summary>Binance spot's market stream host. Query parameters given here are kept on every connection URL.</summary>
    public static readonly Uri DefaultWebSocketUrl = new("wss://stream.binance.com:9443/");

    public Uri WebSocketUrl { get; init; } = DefaultWebSocketUrl;

    /// <summary>Binance serves at most 1024 streams on one connection.</summary>
    public int StreamsPerConnection { get; init; } = BinanceStreams.MaxStreamsPerConnection;

    /// <summary>A batch is closed when it holds this many trades.</summary>
    public int BatchMaxTrades { get; init; } = 50_000;

    /// <summary>A batch is closed when its first trade arrived this long ago.</summary>
    public TimeSpan BatchMaxAge { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Connection age at which a new connection is opened beside the old one; the old one closes once the new one
    /// delivers. Binance cuts every connection at 24 h, so 23 h leaves an hour for the overlap to happen.
    /// </summary>
    public TimeSpan RolloverAfter { get; init; } = TimeSpan.FromHours(23);

    /// <summary>
    /// A connection that delivers nothing for this long is dropped and replaced: it may be open (pings keep coming)
    /// while its stream has stopped. Reconnecting a quiet stream costs one connection attempt and loses nothing, since
    /// any id missed meanwhile is a gap the next trade reveals.
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait before reconnecting; doubles per failed attempt, back to this once a connection delivers.</summary>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Connection attempts allowed per 5 minutes. Binance allows 300 per IP; this process takes a share of that so
    /// a reconnect storm cannot get the IP refused, and other clients on the IP keep room.
    /// </summary>
    public int ConnectAttemptsPer5Minutes { get; init; } = 100;

    /// <summary>How long a stop waits for open batches and repairs to reach the sink before giving up on them.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>All problems with these options, as user-facing messages; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (WebSocketUrl.Scheme is not ("ws" or "wss")) errors.Add($"--ws-url: '{WebSocketUrl}' is not a ws:// or wss:// URL.");
        if (StreamsPerConnection is < 1 or > BinanceStreams.MaxStreamsPerConnection)
            errors.Add($"Streams per connection must be 1..{BinanceStreams.MaxStreamsPerConnection} (was {StreamsPerConnection}).");
        if (BatchMaxTrades < 1) errors.Add($"--batch-max-trades must be at least 1 (was {BatchMaxTrades}).");
        foreach (var (name, value) in new[] { ("--batch-max-age", BatchMaxAge), ("--ws-rollover-after", RolloverAfter), ("--stall-timeout", StallTimeout),
                     ("reconnect delay", ReconnectMinDelay), ("drain timeout", DrainTimeout) })
        {
            if (value <= TimeSpan.Zero) errors.Add($"{name} must be positive (was {value}).");
        }
        if (ReconnectMaxDelay < ReconnectMinDelay) errors.Add("The longest reconnect delay must not be shorter than the first.");
        if (ConnectAttemptsPer5Minutes is < 1 or > BinanceStreams.MaxConnectAttemptsPer5Minutes)
            errors.Add($"Connection attempts per 5 minutes must be 1..{BinanceStreams.MaxConnectAttemptsPer5Minutes} (was {ConnectAttemptsPer5Minutes}).");
        return errors;
    }
}
