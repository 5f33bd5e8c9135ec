using System.Text.Json;
using Binance.Lake.Extract.RateLimiting;

namespace Binance.Lake.Extract.Rest;

/// <summary>The parts of <c>/api/v3/exchangeInfo</c> the lake needs: which symbols exist, and the IP's rate limits.</summary>
public sealed record ExchangeInfo(IReadOnlyDictionary<string, string> SymbolStatus, IReadOnlyList<RateLimitRule> RateLimits)
{
    public static ExchangeInfo Parse(ReadOnlyMemory<byte> body) => JsonFields.Guard(() =>
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("symbols", out var symbols) || symbols.ValueKind != JsonValueKind.Array
            || !root.TryGetProperty("rateLimits", out var limits) || limits.ValueKind != JsonValueKind.Array)
            throw new MalformedResponseException("exchangeInfo lacks 'symbols' or 'rateLimits'");

        var status = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var symbol in symbols.EnumerateArray())
            status[symbol.GetProperty("symbol").GetString()!] = symbol.TryGetProperty("status", out var s) ? s.GetString() ?? "" : "";

        var rules = new List<RateLimitRule>();
        foreach (var limit in limits.EnumerateArray())
        {
            var kind = limit.GetProperty("rateLimitType").GetString() switch
            {
                "REQUEST_WEIGHT" => RateLimitKind.RequestWeight,
                "RAW_REQUESTS" => RateLimitKind.RawRequests,
                _ => (RateLimitKind?)null, // ORDERS limits are per account and do not apply to market data.
            };
            if (kind is null)
                continue;
            var unit = limit.GetProperty("interval").GetString() switch
            {
                "SECOND" => TimeSpan.FromSeconds(1),
                "MINUTE" => TimeSpan.FromMinutes(1),
                "HOUR" => TimeSpan.FromHours(1),
                "DAY" => TimeSpan.FromDays(1),
                var other => throw new MalformedResponseException($"unknown rate limit interval '{other}'"),
            };
            rules.Add(new RateLimitRule(kind.Value, unit * limit.GetProperty("intervalNum").GetInt32(), limit.GetProperty("limit").GetInt32()));
        }
        return new ExchangeInfo(status, rules);
    });
}
