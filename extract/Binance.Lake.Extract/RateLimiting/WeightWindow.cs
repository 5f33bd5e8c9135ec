namespace Binance.Lake.Extract.RateLimiting;

/// <summary>
/// One rule's fixed window (Binance counts per window aligned to the epoch, e.g. each clock minute).
/// Two counts: <see cref="Used"/>, the IP's usage as best known (ours, raised by the server's header when
/// others on the IP spend too), and <see cref="Own"/>, what this process spent, capped at its share.
/// Not thread-safe: the governor holds its lock around every call.
/// </summary>
internal sealed class WeightWindow(RateLimitRule rule, double share)
{
    public RateLimitRule Rule { get; } = rule;

    /// <summary>What this process may spend per window: the whole limit, or its share when processes split one IP.</summary>
    public int OwnLimit { get; } = Math.Max(1, (int)(rule.Limit * share));

    /// <summary>Which window we are in: server time divided by the interval.</summary>
    public long Index { get; private set; } = -1;

    public int Used { get; private set; }

    public int Own { get; private set; }

    /// <summary>Moves to the window that contains <paramref name="serverNow"/>; true when that is a new window.</summary>
    public bool Advance(DateTimeOffset serverNow)
    {
        var index = serverNow.UtcTicks / Rule.Interval.Ticks;
        if (index <= Index)
            return false;
        Index = index;
        return true;
    }

    /// <summary>Starts the new window with what is already charged to it (requests the server may count in it).</summary>
    public void Start(int carriedCost) => Used = Own = Math.Min(carriedCost, Rule.Limit);

    public DateTimeOffset Begin => new(checked(Index * Rule.Interval.Ticks), TimeSpan.Zero);

    public bool Fits(int weight) => Used + Rule.CostOf(weight) <= Rule.Limit && Own + Rule.CostOf(weight) <= OwnLimit;

    public void Charge(int weight)
    {
        Used += Rule.CostOf(weight);
        Own += Rule.CostOf(weight);
    }

    /// <summary>The server knows best what this window has used, including other clients on the same IP.</summary>
    public void Resynchronise(long windowIndex, int serverUsed)
    {
        if (windowIndex == Index && serverUsed > Used)
            Used = Math.Min(serverUsed, Rule.Limit);
    }

    public DateTimeOffset End => new(checked((Index + 1) * Rule.Interval.Ticks), TimeSpan.Zero);
}
