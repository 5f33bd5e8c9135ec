using Binance.Lake.Extract.Live;
using Microsoft.Extensions.Time.Testing;

namespace Binance.Lake.Tests.Live;

/// <summary>Binance allows so many connection attempts per IP per 5 minutes; a reconnect storm waits instead of exceeding it.</summary>
public class ConnectAttemptLimiterTests
{
    [Fact]
    public async Task An_attempt_beyond_the_limit_waits_until_the_oldest_leaves_the_5_minute_window()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = new ConnectAttemptLimiter(2, time);
        await limiter.WaitAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        await limiter.WaitAsync(CancellationToken.None);

        var third = limiter.WaitAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(3.9));
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(0.1));
        await third.WaitAsync(TimeSpan.FromSeconds(5));

        var fourth = limiter.WaitAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        await fourth.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
