using System.Globalization;
using Binance.Lake.Simulator.Archive;
using Binance.Lake.Simulator.Faults;
using Binance.Lake.Simulator.History;
using Binance.Lake.Simulator.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace Binance.Lake.Simulator.Http;

/// <summary>
/// The single request handler: slow-down, ban check, weight, validation, endpoint, fault, write.
/// No routing framework: dispatch is one dictionary lookup, and every REST response (404, 418, 429
/// included) gets the used-weight headers from one place. Archive paths branch off before all of
/// that, being another host at Binance.
/// </summary>
internal sealed class RequestPipeline
{
    private const string JsonContentType = "application/json;charset=UTF-8";

    private readonly Dictionary<string, IEndpoint> _endpoints;
    private readonly SimulatorOptions _options;
    private readonly HistoryCatalog _catalog;
    private readonly WeightLimiter _limiter;
    private readonly FaultInjector _faults;
    private readonly ArchiveEndpoint _archive;
    private readonly SimulatorStats _stats;
    private readonly CancellationToken _stopping;

    public RequestPipeline(SimulatorOptions options, HistoryCatalog catalog, WeightLimiter limiter,
        FaultInjector faults, ArchiveEndpoint archive, SimulatorStats stats, CancellationToken stopping)
    {
        _options = options;
        _catalog = catalog;
        _limiter = limiter;
        _faults = faults;
        _archive = archive;
        _stats = stats;
        _stopping = stopping;
        IEndpoint[] all =
        [
            new PingEndpoint(), new TimeEndpoint(), new ExchangeInfoEndpoint(),
            new TradesEndpoint(), new HistoricalTradesEndpoint(), new AggTradesEndpoint(),
        ];
        _endpoints = all.ToDictionary(e => e.Path, StringComparer.Ordinal);
    }

    public async Task HandleAsync(HttpContext http)
    {
        _stats.CountRequest();
        if (_options.FaultSlowMs > 0)
        {
            _stats.CountSlowed();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping);
            try
            {
                await Task.Delay(_options.FaultSlowMs, linked.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var now = _options.Clock.GetUtcNow();
        if (http.Request.Path.StartsWithSegments(ArchiveEndpoint.Prefix))
        {
            await _archive.HandleAsync(http, now);
            return;
        }

        long nowMicros = UnixMicros.Of(now);
        long nowMs = nowMicros / 1000;
        _endpoints.TryGetValue(http.Request.Path.Value ?? "", out var endpoint);

        var decision = endpoint is null ? _limiter.CheckBan(nowMs) : _limiter.Acquire(endpoint.Weight, nowMs);
        SetWeightHeaders(http.Response, decision.UsedWeight);
        switch (decision.Outcome)
        {
            case RateOutcome.Banned:
                _stats.Count418();
                http.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await WriteAsync(http, 418, JsonBody.Error(BinanceErrors.TooManyRequestsCode, BinanceErrors.Banned(decision.BannedUntilMs)));
                return;
            case RateOutcome.Limited:
                _stats.Count429();
                http.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                var interval = _limiter.Interval;
                await WriteAsync(http, 429, JsonBody.Error(BinanceErrors.TooManyRequestsCode,
                    BinanceErrors.TooMuchWeight(_limiter.Limit, interval.Number, interval.Name)));
                return;
        }

        if (endpoint is null)
        {
            _stats.Count404();
            http.Response.StatusCode = 404;
            return;
        }

        EndpointResponse response;
        try
        {
            if (!TimeUnits.TryParse(http.Request.Headers[TimeUnits.HeaderName], out var unit))
                throw BinanceErrors.IllegalChars(TimeUnits.HeaderName, "MILLISECOND, MICROSECOND");
            response = endpoint.Handle(new RequestContext(http.Request.Query, unit, nowMicros, _catalog, _options.RestFloorId, _limiter));
        }
        catch (ApiException e)
        {
            _stats.Count400();
            await WriteAsync(http, e.Status, JsonBody.Error(e.Code, e.Message));
            return;
        }

        double cut = 0;
        var fault = endpoint.FaultEligible ? _faults.Next(out cut) : FaultKind.None;
        switch (fault)
        {
            case FaultKind.ServerError:
                _stats.Count5xx();
                await WriteAsync(http, 503, JsonBody.Error(BinanceErrors.InternalErrorCode, BinanceErrors.InternalError));
                return;
            case FaultKind.Drop:
                _stats.CountDropped();
                http.Abort();
                return;
            case FaultKind.Truncate:
                _stats.CountTruncated();
                await WriteTruncatedAsync(http, response.Body, cut);
                return;
            default:
                _stats.CountServed(endpoint.Weight);
                await WriteAsync(http, 200, response.Body);
                return;
        }
    }

    private void SetWeightHeaders(HttpResponse response, int used)
    {
        string value = used.ToString(CultureInfo.InvariantCulture);
        response.Headers[_limiter.Interval.UsedWeightHeader] = value;
        if (_limiter.Interval.IsOneMinute) response.Headers["X-MBX-USED-WEIGHT"] = value;
    }

    /// <summary>A complete JSON response; also how a refused websocket handshake is answered.</summary>
    public static async Task WriteAsync(HttpContext http, int status, byte[] body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = JsonContentType;
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>
    /// Sends a proper prefix of the body without Content-Length: HTTP/1.1 then chunks it and ends
    /// cleanly, so the client gets a 200 whose JSON fails to parse rather than a transport error.
    /// </summary>
    private static async Task WriteTruncatedAsync(HttpContext http, byte[] body, double cut)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = JsonContentType;
        int length = 1 + (int)(cut * (body.Length - 1));
        // Start before writing: a single write followed by completion would otherwise get an automatic Content-Length.
        await http.Response.StartAsync(http.RequestAborted);
        await http.Response.Body.WriteAsync(body.AsMemory(0, Math.Min(length, body.Length - 1)), http.RequestAborted);
    }
}
