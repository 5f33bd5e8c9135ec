namespace Binance.Lake.Simulator.RateLimiting;

/// <summary>
/// Binance's per-IP REQUEST_WEIGHT limiter. All clients share one IP here, as they would behind
/// one NAT. Fixed windows aligned to the epoch (floor(now / interval)); a request that would exceed
/// the limit gets 429 and adds no weight; repeating that too often in the same window earns a 418 ban.
/// </summary>
internal sealed class WeightLimiter(int limit, RateInterval interval, int banAfter429s, TimeSpan banDuration)
{
    private readonly object _gate = new();
    private long _window = long.MinValue;
    private int _used;
    private bool _limitedInWindow;
    private int _rejectsAfter429;
    private long _bannedUntilMs;

    public int Limit => limit;

    /// <summary>What exchangeInfo announces; see <see cref="SimulatorOptions.AdvertisedWeightLimit"/>.</summary>
    public required int AdvertisedLimit { get; init; }
    public RateInterval Interval => interval;

    /// <summary>Weight used in the window containing <paramref name="nowMs"/>.</summary>
    public int Used(long nowMs)
    {
        lock (_gate)
        {
            Roll(nowMs);
            return _used;
        }
    }

    /// <summary>Banned or allowed, without charging anything (for requests that carry no weight).</summary>
    public RateDecision CheckBan(long nowMs)
    {
        lock (_gate)
        {
            Roll(nowMs);
            return IsBanned(nowMs) ? Banned(nowMs) : new RateDecision(RateOutcome.Allowed, _used, 0, 0);
        }
    }

    public RateDecision Acquire(int weight, long nowMs)
    {
        lock (_gate)
        {
            Roll(nowMs);
            if (IsBanned(nowMs)) return Banned(nowMs);
            if (_used + weight <= limit)
            {
                _used += weight;
                return new RateDecision(RateOutcome.Allowed, _used, 0, 0);
            }
            // Only requests rejected after a 429 count towards the ban, mirroring "continuing to send after 429".
            if (_limitedInWindow && ++_rejectsAfter429 > banAfter429s)
            {
                _bannedUntilMs = nowMs + (long)banDuration.TotalMilliseconds;
                return Banned(nowMs);
            }
            _limitedInWindow = true;
            long windowEnd = (_window + 1) * interval.LengthMs;
            return new RateDecision(RateOutcome.Limited, _used, CeilSeconds(windowEnd - nowMs), 0);
        }
    }

    private bool IsBanned(long nowMs)
    {
        if (_bannedUntilMs == 0) return false;
        if (nowMs < _bannedUntilMs) return true;
        // Ban over: the client starts with a clean record, as after a Binance ban expires.
        _bannedUntilMs = 0;
        _limitedInWindow = false;
        _rejectsAfter429 = 0;
        return false;
    }

    private RateDecision Banned(long nowMs) =>
        new(RateOutcome.Banned, _used, CeilSeconds(_bannedUntilMs - nowMs), _bannedUntilMs);

    private void Roll(long nowMs)
    {
        long window = Math.DivRem(nowMs, interval.LengthMs, out long rem) - (rem < 0 ? 1 : 0);
        if (window == _window) return;
        _window = window;
        _used = 0;
        _limitedInWindow = false;
        _rejectsAfter429 = 0;
    }

    private static int CeilSeconds(long ms) => (int)Math.Max(1, (ms + 999) / 1000);
}
