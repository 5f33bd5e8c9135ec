using Binance.Lake.Simulator;

namespace Binance.Lake.Tests.Simulator;

public sealed class TimeUnitTests
{
    [Fact]
    public async Task Microsecond_header_gives_ms_times_1000_plus_the_sub_ms_part()
    {
        await using var sim = await SimulatorTestKit.StartAsync();
        using var ms = SimulatorTestKit.Client(sim);
        using var us = SimulatorTestKit.Client(sim, "MICROSECOND");
        using var usLower = SimulatorTestKit.Client(sim, "microsecond");
        using var msExplicit = SimulatorTestKit.Client(sim, "MILLISECOND");
        const string url = "api/v3/historicalTrades?symbol=BTCUSDT&fromId=777777&limit=1000";

        var inMs = await ms.TradesAsync(url);
        var inUs = await us.TradesAsync(url);
        Assert.Equal(inMs.Select(t => t.Time), (await msExplicit.TradesAsync(url)).Select(t => t.Time));
        Assert.Equal(inUs.Select(t => t.Time), (await usLower.TradesAsync(url)).Select(t => t.Time));
        Assert.Equal(inMs.Count, inUs.Count);
        for (int i = 0; i < inMs.Count; i++)
        {
            Assert.Equal(inMs[i] with { Time = 0 }, inUs[i] with { Time = 0 });
            Assert.Equal(inMs[i].Time, inUs[i].Time / 1000); // ms mode truncates
            Assert.True(inUs[i].Time >= 1_000_000_000_000_000);
        }
        Assert.Contains(inUs, t => t.Time % 1000 != 0);

        var aggMs = await ms.AggsAsync("api/v3/aggTrades?symbol=BTCUSDT&fromId=4242&limit=100");
        var aggUs = await us.AggsAsync("api/v3/aggTrades?symbol=BTCUSDT&fromId=4242&limit=100");
        Assert.Equal(aggMs.Select(a => a.T), aggUs.Select(a => a.T / 1000));
    }

    [Fact]
    public async Task Server_time_follows_the_unit_and_the_clock()
    {
        await using var sim = await SimulatorTestKit.StartAsync();
        using var ms = SimulatorTestKit.Client(sim);
        using var us = SimulatorTestKit.Client(sim, "MICROSECOND");
        long expectedUs = (SimulatorTestKit.FixedNow - DateTimeOffset.UnixEpoch).Ticks / 10;
        Assert.Equal($"{{\"serverTime\":{expectedUs / 1000}}}", await ms.GetStringAsync("api/v3/time"));
        Assert.Equal($"{{\"serverTime\":{expectedUs}}}", await us.GetStringAsync("api/v3/time"));
    }

    [Fact]
    public async Task Unknown_time_unit_is_a_400()
    {
        await using var sim = await SimulatorTestKit.StartAsync();
        using var client = SimulatorTestKit.Client(sim, "NANOSECOND");
        var (status, code, body, _) = await client.GetRawAsync("api/v3/trades?symbol=BTCUSDT&limit=1");
        Assert.Equal(400, status);
        Assert.Equal(-1100, code);
        Assert.Contains("X-MBX-TIME-UNIT", body);
    }
}
