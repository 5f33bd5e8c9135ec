using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.RateLimiting;
using Binance.Lake.Extract.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Binance.Lake.Extract.Rest;

/// <summary>
/// Binance spot market-data REST, as the lake uses it. Every request goes through the shared
/// <see cref="RateGovernor"/> and the retry pipeline, asks for microsecond times, and is parsed
/// strictly before anyone sees it, so a damaged body is retried and never written.
/// </summary>
public sealed class BinanceRestClient : IDisposable
{
    /// <summary>Binance's page size limit for trade lists.</summary>
    public const int MaxTradesPerRequest = 1000;

    private readonly HttpClient _http;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger _logger;

    public BinanceRestClient(BinanceRestOptions options, RateGovernor governor, ILogger logger)
    {
        Options = options;
        Governor = governor;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            BaseAddress = options.BaseUrl,
            Timeout = Timeout.InfiniteTimeSpan, // the pipeline times each attempt
        };
        _pipeline = RestResiliencePipeline.Create(options, Stats, logger, governor.Clock.Time);
    }

    public BinanceRestOptions Options { get; }

    public RateGovernor Governor { get; }

    public RestClientStats Stats { get; } = new();

    /// <summary>Known after <see cref="ConnectAsync"/>: symbols and rate limits.</summary>
    public ExchangeInfo? ExchangeInfo { get; private set; }

    /// <summary>Aligns the governor with the server's clock and limits. Call once before anything else.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await SynchroniseClockAsync(cancellationToken).ConfigureAwait(false);
        ExchangeInfo = await SendAsync("api/v3/exchangeInfo", RestWeights.ExchangeInfo, ExchangeInfo.Parse, cancellationToken)
            .ConfigureAwait(false);
        Governor.Configure(ExchangeInfo.RateLimits);
        _logger.LogInformation("Connected to {Url}: {Symbols} symbols, limits {Limits}, clock offset uncertainty {Uncertainty:0.#} ms",
            Options.BaseUrl, ExchangeInfo.SymbolStatus.Count, string.Join(", ", ExchangeInfo.RateLimits),
            Governor.Clock.Uncertainty.TotalMilliseconds);
    }

    /// <summary>
    /// Reads <c>/api/v3/time</c> a few times and keeps the reading with the shortest round trip: the offset is
    /// only as good as the round trip is short, and a retried or delayed attempt would say little.
    /// </summary>
    private async Task SynchroniseClockAsync(CancellationToken cancellationToken)
    {
        var time = Governor.Clock.Time;
        (long ServerTime, DateTimeOffset Sent, DateTimeOffset Received)? best = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var timing = new AttemptTiming();
            var serverTime = await SendAsync("api/v3/time", RestWeights.Time,
                body => JsonFields.Guard(() => JsonDocument.Parse(body).RootElement.GetProperty("serverTime").GetInt64()),
                cancellationToken, timing).ConfigureAwait(false);
            var received = time.GetUtcNow();
            if (best is null || received - timing.Sent < best.Value.Received - best.Value.Sent)
                best = (serverTime, timing.Sent, received);
        }
        Governor.Clock.Synchronise(DateTimeOffset.UnixEpoch.AddTicks(TimeUnits.ToMicros(best!.Value.ServerTime) * 10), best.Value.Sent, best.Value.Received);
    }

    /// <summary><c>/api/v3/historicalTrades</c>: up to <paramref name="limit"/> trades from <paramref name="fromId"/> (the newest when null).</summary>
    public Task<TradePage> GetHistoricalTradesAsync(string symbol, long? fromId, int limit, CancellationToken cancellationToken) =>
        SendAsync(
            $"api/v3/historicalTrades?symbol={symbol}&limit={limit}" + (fromId is { } id ? $"&fromId={id.ToString(CultureInfo.InvariantCulture)}" : ""),
            RestWeights.HistoricalTrades, TradePageParser.Parse, cancellationToken);

    /// <summary>
    /// <c>/api/v3/historicalTrades</c> for ids that are known to exist: a page that starts at the first id
    /// must hold all of them, otherwise it is damaged and retried. A page that starts later is Binance's
    /// retention floor, and is returned for the caller to report.
    /// </summary>
    public Task<TradePage> GetTradeRangeAsync(string symbol, IdRange wanted, CancellationToken cancellationToken) =>
        SendAsync(
            $"api/v3/historicalTrades?symbol={symbol}&limit={wanted.Count}&fromId={wanted.First.ToString(CultureInfo.InvariantCulture)}",
            RestWeights.HistoricalTrades,
            body =>
            {
                var page = TradePageParser.Parse(body);
                if (page.IsEmpty || (page.Ids.First == wanted.First && page.Ids != wanted) || page.Ids.First < wanted.First)
                    throw new MalformedResponseException($"asked for trades {wanted}, received {(page.IsEmpty ? "none" : page.Ids.ToString())}");
                return page;
            },
            cancellationToken);

    /// <summary>
    /// Every trade of <paramref name="range"/>, page by page (at most <see cref="MaxTradesPerRequest"/> each), in id order.
    /// Ids below Binance's retention floor come back as a step that names them instead of a page: they are reported,
    /// never invented.
    /// </summary>
    public async IAsyncEnumerable<RangeStep> ReadRangeAsync(string symbol, IdRange range, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = range.First;
        while (next <= range.Last)
        {
            var wanted = new IdRange(next, Math.Min(range.Last, next + MaxTradesPerRequest - 1));
            var page = await GetTradeRangeAsync(symbol, wanted, cancellationToken).ConfigureAwait(false);
            if (page.Ids.First > next)
            {
                var lost = new IdRange(next, Math.Min(page.Ids.First - 1, range.Last));
                yield return new RangeStep(null, lost);
                next = lost.Last + 1;
                continue; // ask again from the first id it does serve, so the page ends where the range ends
            }
            yield return new RangeStep(page, null);
            next = page.Ids.Last + 1;
        }
    }

    /// <summary><c>/api/v3/trades</c>: the most recent trades.</summary>
    public Task<TradePage> GetRecentTradesAsync(string symbol, int limit, CancellationToken cancellationToken) =>
        SendAsync($"api/v3/trades?symbol={symbol}&limit={limit}", RestWeights.Trades, TradePageParser.Parse, cancellationToken);

    /// <summary><c>/api/v3/aggTrades?startTime</c>: the oldest aggregate trades at or after <paramref name="startTime"/>.</summary>
    public Task<IReadOnlyList<AggTrade>> GetAggTradesFromAsync(string symbol, DateTimeOffset startTime, int limit, CancellationToken cancellationToken) =>
        SendAsync(
            $"api/v3/aggTrades?symbol={symbol}&limit={limit}&startTime={TimeUnits.ToMicros(startTime).ToString(CultureInfo.InvariantCulture)}",
            RestWeights.AggTrades, AggTradeParser.Parse, cancellationToken);

    private Task<T> SendAsync<T>(string pathAndQuery, int weight, Func<ReadOnlyMemory<byte>, T> parse, CancellationToken cancellationToken,
        AttemptTiming? timing = null) =>
        _pipeline.ExecuteAsync(async token =>
        {
            try
            {
                return await SendOnceAsync(pathAndQuery, weight, parse, timing, token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
            {
                Stats.Failure(e);
                throw;
            }
        }, cancellationToken).AsTask();

    private async Task<T> SendOnceAsync<T>(string pathAndQuery, int weight, Func<ReadOnlyMemory<byte>, T> parse, AttemptTiming? timing,
        CancellationToken cancellationToken)
    {
        var lease = await Governor.AcquireAsync(weight, cancellationToken).ConfigureAwait(false);
        // The attempt's clock starts once the governor has let it through: waiting for budget is not slowness.
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(Options.RequestTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
            request.Headers.Add("X-MBX-TIME-UNIT", "MICROSECOND");
            if (Options.ApiKey is { Length: > 0 } key)
                request.Headers.Add("X-MBX-APIKEY", key);
            Stats.Request();
            timing?.Start(Governor.Clock.Time);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            Governor.Complete(lease, response.Headers);
            var body = await response.Content.ReadAsByteArrayAsync(attempt.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? parse(body) : throw Failure(response, body, pathAndQuery);
        }
        catch (OperationCanceledException) when (attempt.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No complete answer from Binance within {Options.RequestTimeout.TotalSeconds:0.#} s for /{pathAndQuery.Split('?')[0]}.");
        }
        finally
        {
            Governor.Complete(lease, null);
        }
    }

    private Exception Failure(HttpResponseMessage response, byte[] body, string pathAndQuery)
    {
        var status = (int)response.StatusCode;
        var retryAfter = RetryAfter(response);
        switch (status)
        {
            case 429:
                Governor.Pause(retryAfter);
                return new RateLimitedException(retryAfter);
            case 418:
                Governor.Pause(retryAfter);
                return new IpBannedException(Governor.Clock.Time.GetUtcNow() + retryAfter, ErrorText(body));
            case >= 500:
                return new TransientHttpException(status, ErrorText(body));
        }
        if (TryReadError(body, out var code, out var message))
            return new BinanceApiException(status, code, message);
        return new BinanceApiException(status, 0,
            $"HTTP {status} for /{pathAndQuery.Split('?')[0]} without a Binance error body; is --rest-url a Binance spot API (the market-data-only mirror lacks historicalTrades)?");
    }

    private TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - Governor.Clock.Time.GetUtcNow(),
            _ => TimeSpan.Zero,
        };
        // Binance always says; if a proxy dropped the header, wait a second rather than not at all.
        return retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter;
    }

    private static bool TryReadError(byte[] body, out int code, out string message)
    {
        code = 0;
        message = "";
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("code", out var c) || !c.TryGetInt32(out code))
                return false;
            message = document.RootElement.TryGetProperty("msg", out var m) ? m.GetString() ?? "" : "";
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string ErrorText(byte[] body) =>
        TryReadError(body, out var code, out var message) ? $"code {code}: {message}" : "no error body";

    public void Dispose() => _http.Dispose();

    /// <summary>When an attempt's request actually went out (after the governor let it through).</summary>
    private sealed class AttemptTiming
    {
        public DateTimeOffset Sent { get; private set; }

        public void Start(TimeProvider time) => Sent = time.GetUtcNow();
    }
}

/// <summary>One step of <see cref="BinanceRestClient.ReadRangeAsync"/>: a page of trades, or ids REST no longer serves.</summary>
public readonly record struct RangeStep(TradePage? Page, IdRange? NotServed);
