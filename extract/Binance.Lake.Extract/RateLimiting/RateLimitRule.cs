namespace Binance.Lake.Extract.RateLimiting;

/// <summary>What a rule counts: request weight (reported back in X-MBX-USED-WEIGHT-*) or raw request count.</summary>
public enum RateLimitKind
{
    RequestWeight,
    RawRequests,
}

/// <summary>One entry of <c>exchangeInfo.rateLimits</c>, e.g. REQUEST_WEIGHT 6000 per 1 MINUTE.</summary>
public sealed record RateLimitRule(RateLimitKind Kind, TimeSpan Interval, int Limit)
{
    /// <summary>The response header that reports this rule's usage, e.g. <c>X-MBX-USED-WEIGHT-1M</c>; null for raw request counts.</summary>
    public string? UsedWeightHeader => Kind == RateLimitKind.RequestWeight ? "X-MBX-USED-WEIGHT-" + IntervalCode : null;

    /// <summary>Binance's compact interval name: 10S, 1M, 1H, 1D.</summary>
    public string IntervalCode =>
        Interval.TotalDays >= 1 && Interval.TotalDays % 1 == 0 ? $"{Interval.TotalDays:0}D"
        : Interval.TotalHours >= 1 && Interval.TotalHours % 1 == 0 ? $"{Interval.TotalHours:0}H"
        : Interval.TotalMinutes >= 1 && Interval.TotalMinutes % 1 == 0 ? $"{Interval.TotalMinutes:0}M"
        : $"{Interval.TotalSeconds:0}S";

    public int CostOf(int weight) => Kind == RateLimitKind.RequestWeight ? weight : 1;

    public override string ToString() => $"{Kind} {Limit} per {IntervalCode}";
}
