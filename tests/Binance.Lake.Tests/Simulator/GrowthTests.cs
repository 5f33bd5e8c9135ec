using Binance.Lake.Simulator;

namespace Binance.Lake.Tests.Simulator;

/// <summary>Generated history only contains the past; as the clock moves, new trades appear.</summary>
public sealed class GrowthTests
{
    [Fact]
    public async Task History_grows_as_the_clock_advances()
    {
        var clock = new ManualClock(SimulatorTestKit.FixedNow);
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { Clock = clock, WeightLimit = 1_000_000 });
        using var client = SimulatorTestKit.Client(sim);
        using var us = SimulatorTestKit.Client(sim, "MICROSECOND");
        long nowUs = Micros(clock.Now);

        var before = await us.TradesAsync("api/v3/trades?symbol=BTCUSDT&limit=1000");
        Assert.All(before, t => Assert.True(t.Time <= nowUs));
        long newest = before[^1].Id;
        Assert.Empty(await client.TradesAsync($"api/v3/historicalTrades?symbol=BTCUSDT&fromId={newest + 1}"));
        long newestAgg = (await client.AggsAsync("api/v3/aggTrades?symbol=BTCUSDT&limit=1")).Single().A;

        clock.Advance(TimeSpan.FromMinutes(10));
        long laterUs = Micros(clock.Now);
        var grown = await us.TradesAsync($"api/v3/historicalTrades?symbol=BTCUSDT&fromId={newest + 1}&limit=1000");
        Assert.Equal(1000, grown.Count);
        Assert.Equal(newest + 1, grown[0].Id);
        Assert.All(grown, t => Assert.InRange(t.Time, nowUs + 1, laterUs));

        long newer = await client.NewestIdAsync("BTCUSDT");
        // 10 minutes at 5 trades/s around the afternoon peak (×~1.5): thousands of trades, not millions.
        Assert.InRange(newer - newest, 1_000, 20_000);
        Assert.True((await client.AggsAsync("api/v3/aggTrades?symbol=BTCUSDT&limit=1")).Single().A > newestAgg);
    }

    [Fact]
    public async Task Trades_appear_exactly_when_their_time_is_reached()
    {
        var clock = new ManualClock(SimulatorTestKit.FixedNow);
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { Clock = clock });
        using var us = SimulatorTestKit.Client(sim, "MICROSECOND");
        var history = sim.Catalog.All[0];
        long now = Micros(clock.Now);
        long newest = history.NewestId(now);
        // The next trade exists in the future history; step the clock to 1 µs before it, then onto it.
        var next = history.GetTrades(newest + 1, 1, now + 60_000_000).Single();
        clock.Set(DateTimeOffset.UnixEpoch.AddTicks((next.TimeMicros - 1) * 10));
        Assert.Equal(newest, await us.NewestIdAsync("BTCUSDT"));
        clock.Advance(TimeSpan.FromTicks(10));
        var latest = (await us.TradesAsync("api/v3/trades?symbol=BTCUSDT&limit=1")).Single();
        Assert.True(latest.Id > newest);
        Assert.Equal(next.TimeMicros, latest.Time);
    }

    [Fact]
    public async Task History_reaches_back_to_midnight_history_days_ago()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { HistoryDays = 30 });
        using var client = SimulatorTestKit.Client(sim);
        var first = (await client.TradesAsync("api/v3/historicalTrades?symbol=BTCUSDT&fromId=0&limit=1")).Single();
        var genesis = new DateTimeOffset(SimulatorTestKit.FixedNow.Date, TimeSpan.Zero).AddDays(-30);
        Assert.Equal(0, first.Id);
        Assert.InRange(first.Time, SimulatorTestKit.UnixMs(genesis), SimulatorTestKit.UnixMs(genesis) + 60_000);
    }

    private static long Micros(DateTimeOffset t) => (t - DateTimeOffset.UnixEpoch).Ticks / 10;
}
