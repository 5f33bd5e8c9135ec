using Binance.Lake.Simulator.History;
using Binance.Lake.Simulator.Http;
using Microsoft.AspNetCore.Http;

namespace Binance.Lake.Simulator.WebSockets;

/// <summary>
/// What a websocket handshake asks for. Binance's URLs: <c>/ws/&lt;stream&gt;[/&lt;stream&gt;…]</c> sends
/// raw events, <c>/stream?streams=&lt;stream&gt;/&lt;stream&gt;…</c> wraps them as {"stream","data"};
/// both may start empty and SUBSCRIBE later. <c>timeUnit=MICROSECOND</c> as on Binance;
/// <c>fromId</c> is the simulator's own extension (replay from that id as fast as the socket takes it).
/// </summary>
internal sealed record StreamRequest(IReadOnlyList<ITradeHistory> Streams, bool Combined, TimeUnit Unit, long? FromId)
{
    public const int MaxStreams = 1024;

    private const string RawPath = "/ws";
    private const string CombinedPath = "/stream";

    public List<Subscription> Subscribe(long nowMicros) => Streams.Select(h => Subscription.Start(h, FromId, nowMicros)).ToList();

    public static bool IsStreamPath(PathString path) => path.StartsWithSegments(RawPath) || path == CombinedPath;

    /// <exception cref="ApiException">A stream, timeUnit or fromId the simulator cannot serve.</exception>
    public static StreamRequest Parse(HttpRequest request, HistoryCatalog catalog)
    {
        bool combined = request.Path == CombinedPath;
        string names = combined ? QueryParams.Single(request.Query, "streams") ?? "" : request.Path.Value![RawPath.Length..];
        var streams = names.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal)
            .Select(name => StreamName.Resolve(name, catalog))
            .ToList();
        if (streams.Count > MaxStreams)
            throw new ApiException(-1100, $"Too many streams ({streams.Count}); at most {MaxStreams} per connection.");
        if (!TimeUnits.TryParse(QueryParams.Single(request.Query, "timeUnit"), out var unit))
            throw BinanceErrors.IllegalChars("timeUnit", "MILLISECOND, MICROSECOND");
        return new StreamRequest(streams, combined, unit, QueryParams.OptionalNumber(request.Query, "fromId"));
    }
}
