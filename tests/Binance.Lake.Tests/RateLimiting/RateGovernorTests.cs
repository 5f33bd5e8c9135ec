using Binance.Lake.Extract.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Binance.Lake.Tests.RateLimiting;

/// <summary>The governor on a fake clock: window boundaries are where a limit is won or lost.</summary>
public class RateGovernorTests
{
    private static readonly DateTimeOffset WindowStart = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static (RateGovernor Governor, FakeTimeProvider Time) Governor(int limit, double share = 1.0)
    {
        var time = new FakeTimeProvider(WindowStart.AddMilliseconds(500));
        var clock = new ServerClock(time);
        clock.Synchronise(time.GetUtcNow(), time.GetUtcNow(), time.GetUtcNow()); // same clock, no uncertainty
        var governor = new RateGovernor(clock, share);
        governor.Configure([new RateLimitRule(RateLimitKind.RequestWeight, TimeSpan.FromSeconds(1), limit)]);
        return (governor, time);
    }

    private static async Task<int> AdmitNowAsync(RateGovernor governor, int weight, int count)
    {
        var admitted = 0;
        for (var i = 0; i < count; i++)
        {
            var acquire = governor.AcquireAsync(weight, CancellationToken.None);
            if (!acquire.IsCompleted)
                break;
            governor.Complete(await acquire, null);
            admitted++;
        }
        return admitted;
    }

    [Fact]
    public async Task A_window_admits_exactly_its_limit_and_the_next_one_opens_after_the_boundary()
    {
        var (governor, time) = Governor(limit: 100);

        Assert.Equal(4, await AdmitNowAsync(governor, 25, 10));
        var waiting = governor.AcquireAsync(25, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(550)); // past the boundary and the guard
        await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(10)); // the waiter's continuation runs on the pool
    }

    [Fact]
    public async Task Requests_let_through_just_after_a_boundary_count_in_the_new_window()
    {
        var (governor, time) = Governor(limit: 100);
        Assert.Equal(2, await AdmitNowAsync(governor, 25, 2));

        // 10 ms after the boundary the governor still trusts the old window (guard 20 ms), which has room for two.
        time.SetUtcNow(WindowStart.AddSeconds(1).AddMilliseconds(10));
        Assert.Equal(2, await AdmitNowAsync(governor, 25, 2));

        // The server counted those two in the new window: only two more fit there, not four.
        time.SetUtcNow(WindowStart.AddSeconds(1).AddMilliseconds(40));
        Assert.Equal(2, await AdmitNowAsync(governor, 25, 4));
    }

    [Fact]
    public async Task A_share_caps_this_process_at_its_part_of_every_window()
    {
        var (governor, _) = Governor(limit: 100, share: 0.5);

        Assert.Equal(2, await AdmitNowAsync(governor, 25, 4));
    }

    [Fact]
    public async Task A_share_too_small_for_one_request_is_an_error_not_a_wait()
    {
        var (governor, _) = Governor(limit: 100, share: 0.1);

        var error = await Assert.ThrowsAsync<RateLimitException>(async () => await governor.AcquireAsync(25, CancellationToken.None));
        Assert.Contains("--weight-share", error.Message);
    }

    [Fact]
    public async Task A_pause_holds_every_request_until_retry_after()
    {
        var (governor, time) = Governor(limit: 100);
        governor.Pause(TimeSpan.FromSeconds(3));

        var waiting = governor.AcquireAsync(1, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.2));
        await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }
}
