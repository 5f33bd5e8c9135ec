namespace Binance.Lake.Extract.Rest;

/// <summary>How to reach Binance's REST API.</summary>
public sealed record BinanceRestOptions
{
    /// <summary>The main API. The market-data-only mirror lacks <c>historicalTrades</c>, so it cannot backfill.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.binance.com/");

    public Uri BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>Sent as <c>X-MBX-APIKEY</c> when set. Market data needs none today; accounts with a key may get their own limits.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Per attempt; Binance itself gives up after 10 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of one request after 5xx, timeouts, dropped connections and malformed bodies.</summary>
    public int MaxRetries { get; init; } = 10;
}
