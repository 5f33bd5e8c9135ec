using Binance.Lake.Simulator.History;
using Binance.Lake.Simulator.Http;
using Microsoft.AspNetCore.Http;

namespace Binance.Lake.Simulator.WebSockets;

/// <summary>
/// Websocket upgrades on /ws and /stream. A handshake asking for something the simulator cannot
/// serve is refused before the upgrade with HTTP 400 and a Binance error body, so the client's
/// connect fails at once; everything else becomes a <see cref="StreamSession"/>.
/// </summary>
internal sealed class StreamEndpoint(SimulatorOptions options, HistoryCatalog catalog, SimulatorStats stats, CancellationToken stopping)
{
    public HistoryCatalog Catalog => catalog;
    public TimeProvider Clock => options.Clock;
    public ulong Seed => options.Seed;
    public SimulatorStats Stats => stats;
    public CancellationToken Stopping => stopping;
    public ConnectionTimeline Timeline { get; } = ConnectionTimeline.From(options);
    public StreamFaults Faults { get; } = new(options.Seed, options.WsSkipRate, options.WsRepeatRate);

    /// <summary>Plain GETs on these paths fall through to the REST pipeline (and its 404).</summary>
    public static bool Accepts(HttpContext http) =>
        http.WebSockets.IsWebSocketRequest && StreamRequest.IsStreamPath(http.Request.Path);

    public async Task HandleAsync(HttpContext http)
    {
        stats.CountRequest();
        StreamRequest request;
        try
        {
            request = StreamRequest.Parse(http.Request, catalog);
        }
        catch (ApiException e)
        {
            stats.Count400();
            await RequestPipeline.WriteAsync(http, e.Status, JsonBody.Error(e.Code, e.Message));
            return;
        }
        // Fixed before the client learns it is connected: a test that moves the clock right after its
        // connect returns must see the trades of that move.
        var subscriptions = request.Subscribe(UnixMicros.Of(Clock.GetUtcNow()));
        using var socket = await http.WebSockets.AcceptWebSocketAsync(Timeline.AcceptContext());
        stats.CountWsConnection();
        await new StreamSession(this, http, socket, request, subscriptions).RunAsync();
    }
}
