using System.Text;

namespace Binance.Lake.Extract.Live;

/// <summary>Binance's websocket rules and URLs: the exchange-specific half of the collector's connections.</summary>
public static class BinanceStreams
{
    public const int MaxStreamsPerConnection = 1024;

    /// <summary>Binance's connection-attempt limit per IP, per 5 minutes.</summary>
    public const int MaxConnectAttemptsPer5Minutes = 300;

    public static string TradeStream(string symbol) => symbol.ToLowerInvariant() + "@trade";

    /// <summary>
    /// Combined-stream URLs, one per group of at most <paramref name="streamsPerConnection"/> symbols, asking for
    /// microsecond times. Query parameters of <paramref name="baseUrl"/> are kept (the simulator's <c>fromId</c>).
    /// </summary>
    public static IReadOnlyList<(Uri Url, IReadOnlyList<string> Symbols)> CombinedUrls(Uri baseUrl, IReadOnlyList<string> symbols, int streamsPerConnection)
    {
        var urls = new List<(Uri, IReadOnlyList<string>)>();
        foreach (var group in symbols.Chunk(streamsPerConnection))
        {
            var query = new StringBuilder("streams=").AppendJoin('/', group.Select(TradeStream)).Append("&timeUnit=MICROSECOND");
            if (baseUrl.Query.Length > 1)
                query.Append('&').Append(baseUrl.Query.AsSpan(1));
            var builder = new UriBuilder(baseUrl) { Path = baseUrl.AbsolutePath.TrimEnd('/') + "/stream", Query = query.ToString() };
            urls.Add((builder.Uri, group));
        }
        return urls;
    }
}
