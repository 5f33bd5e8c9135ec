namespace Binance.Lake.Simulator.RateLimiting;

internal enum RateOutcome
{
    Allowed,
    Limited,
    Banned,
}

/// <summary>What the limiter decided, with everything the response headers and body need.</summary>
internal readonly record struct RateDecision(RateOutcome Outcome, int UsedWeight, int RetryAfterSeconds, long BannedUntilMs);
