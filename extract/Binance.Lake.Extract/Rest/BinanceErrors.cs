namespace Binance.Lake.Extract.Rest;

/// <summary>Binance answered with an error body (<c>{"code":-1121,"msg":"Invalid symbol."}</c>). Not retried: the request itself is wrong.</summary>
public class BinanceApiException(int httpStatus, int code, string message)
    : Exception($"Binance rejected the request (HTTP {httpStatus}, code {code}): {message}")
{
    public int Code { get; } = code;

    public const int InvalidSymbol = -1121;
}

/// <summary>HTTP 418: the IP is banned. Nothing from this IP may be sent until <see cref="Until"/>.</summary>
public sealed class IpBannedException(DateTimeOffset until, string detail)
    : Exception($"Binance has banned this IP until {until:u} ({detail}). Stop every client on this IP and run again after that time.")
{
    public DateTimeOffset Until { get; } = until;
}

/// <summary>HTTP 429: over the weight limit. Retried after the governor has paused everyone for Retry-After.</summary>
public sealed class RateLimitedException(TimeSpan retryAfter)
    : Exception($"Binance answered 429 (request weight over the limit); retrying after {retryAfter.TotalSeconds:0.#} s.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>A 5xx or other server-side status that says nothing about the request being wrong. Retried with backoff.</summary>
public sealed class TransientHttpException(int httpStatus, string detail)
    : Exception($"Binance answered HTTP {httpStatus}: {detail}")
{
    public int HttpStatus { get; } = httpStatus;
}

/// <summary>A 200 whose body is not what Binance sends: truncated, not JSON, missing fields, ids out of order. Retried, never written.</summary>
public sealed class MalformedResponseException(string detail, Exception? inner = null)
    : Exception($"Malformed response from Binance: {detail}", inner);
