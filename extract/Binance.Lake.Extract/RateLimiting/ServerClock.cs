namespace Binance.Lake.Extract.RateLimiting;

/// <summary>
/// Binance's weight windows are aligned to its own clock, not ours. This keeps the offset measured
/// from <c>/api/v3/time</c> and how uncertain it is (half the round trip).
/// </summary>
public sealed class ServerClock(TimeProvider time)
{
    private long _offsetTicks;
    private long _uncertaintyTicks;

    public TimeProvider Time { get; } = time;

    public DateTimeOffset Now => Time.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public TimeSpan Uncertainty => TimeSpan.FromTicks(Interlocked.Read(ref _uncertaintyTicks));

    /// <summary>Records a server time read between <paramref name="sent"/> and <paramref name="received"/> (local clock).</summary>
    public void Synchronise(DateTimeOffset serverTime, DateTimeOffset sent, DateTimeOffset received)
    {
        var roundTrip = received - sent;
        var midpoint = sent + roundTrip / 2;
        Interlocked.Exchange(ref _offsetTicks, (serverTime - midpoint).Ticks);
        // The server read its clock somewhere within the round trip, plus its own millisecond rounding.
        Interlocked.Exchange(ref _uncertaintyTicks, (roundTrip / 2 + TimeSpan.FromMilliseconds(1)).Ticks);
    }
}
