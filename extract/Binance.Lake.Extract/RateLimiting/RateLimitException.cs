namespace Binance.Lake.Extract.RateLimiting;

/// <summary>The rate limits as configured cannot let a request through at all (e.g. a weight share too small).</summary>
public sealed class RateLimitException(string message) : Exception(message);
