namespace Binance.Lake.Extract.RateLimiting;

/// <summary>
/// One rule's fixed window (Binance counts per window aligned to the epoch, e.g. each clock minute).
/// Not thread-safe: the governor holds its lock around every call.
/// </summary>
internal sealed class WeightWindow(RateLimitRule rule)
{
    public RateLimitRule Rule { get; } = rule;

    /// <summary>Which window we are in: server time divided by the interval.</summary>
    public long Index { get; private set; } = -1;

    public int Used { get; private set; }

    /// <summary>
    /// Moves to the window that contains <paramref name="serverNow"/>. Requests still in flight may land in
    /// the new window on the server, so the new window starts with their cost already counted.
    /// </summary>
    public void Roll(DateTimeOffset serverNow, int inFlightCost)
    {
        var index = serverNow.UtcTicks / Rule.Interval.Ticks;
        if (index <= Index)
            return;
        Index = index;
        Used = Math.Min(inFlightCost, Rule.Limit);
    }

    public bool Fits(int weight) => Used + Rule.CostOf(weight) <= Rule.Limit;

    public void Charge(int weight) => Used += Rule.CostOf(weight);

    /// <summary>The server knows best what this window has used, including other clients on the same IP.</summary>
    public void Resynchronise(long windowIndex, int serverUsed)
    {
        if (windowIndex == Index && serverUsed > Used)
            Used = Math.Min(serverUsed, Rule.Limit);
    }

    public void Exhaust() => Used = Rule.Limit;

    public DateTimeOffset End => new(checked((Index + 1) * Rule.Interval.Ticks), TimeSpan.Zero);
}
