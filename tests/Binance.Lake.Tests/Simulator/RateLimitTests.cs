using System.Text.Json;
using Binance.Lake.Simulator;

namespace Binance.Lake.Tests.Simulator;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Each_endpoint_charges_its_weight_and_reports_it()
    {
        await using var sim = await SimulatorTestKit.StartAsync();
        using var client = SimulatorTestKit.Client(sim);
        (string Url, int Total)[] steps =
        [
            ("api/v3/ping", 1), ("api/v3/time", 2), ("api/v3/exchangeInfo", 22),
            ("api/v3/trades?symbol=BTCUSDT&limit=1", 47), ("api/v3/historicalTrades?symbol=BTCUSDT&fromId=5&limit=1", 72),
            ("api/v3/aggTrades?symbol=BTCUSDT&limit=1", 76),
            // Errors are charged too: the weight is taken before the request is looked at.
            ("api/v3/trades?symbol=NOPE", 101),
        ];
        foreach (var (url, total) in steps)
        {
            var (_, _, _, headers) = await client.GetRawAsync(url);
            Assert.Equal(total.ToString(), headers.Header("X-MBX-USED-WEIGHT-1M"));
            Assert.Equal(total.ToString(), headers.Header("X-MBX-USED-WEIGHT"));
        }
        Assert.Equal(76, sim.Stats.WeightServed);
        Assert.Equal(7, sim.Stats.Requests);
        Assert.Equal(1, sim.Stats.Status400);
    }

    [Theory]
    [InlineData(10, "X-MBX-USED-WEIGHT-10S", "SECOND", 10)]
    [InlineData(60, "X-MBX-USED-WEIGHT-1M", "MINUTE", 1)]
    [InlineData(90, "X-MBX-USED-WEIGHT-90S", "SECOND", 90)]
    [InlineData(3600, "X-MBX-USED-WEIGHT-1H", "HOUR", 1)]
    [InlineData(86400, "X-MBX-USED-WEIGHT-1D", "DAY", 1)]
    public async Task Interval_sets_header_name_and_exchange_info(int seconds, string header, string interval, int number)
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { WeightInterval = TimeSpan.FromSeconds(seconds), WeightLimit = 600 });
        using var client = SimulatorTestKit.Client(sim);
        var (_, _, body, headers) = await client.GetRawAsync("api/v3/exchangeInfo");
        Assert.Equal("20", headers.Header(header));
        Assert.Equal(seconds == 60, headers.Contains("X-MBX-USED-WEIGHT"));
        using var doc = JsonDocument.Parse(body);
        var limits = doc.RootElement.GetProperty("rateLimits").EnumerateArray().ToList();
        var weight = limits.Single(l => l.GetProperty("rateLimitType").GetString() == "REQUEST_WEIGHT");
        Assert.Equal(interval, weight.GetProperty("interval").GetString());
        Assert.Equal(number, weight.GetProperty("intervalNum").GetInt32());
        Assert.Equal(600, weight.GetProperty("limit").GetInt32());
        Assert.Contains(limits, l => l.GetProperty("rateLimitType").GetString() == "RAW_REQUESTS");
    }

    [Fact]
    public async Task Windows_are_fixed_and_aligned_to_the_epoch()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 20, 14, 45, 9, 900, TimeSpan.Zero));
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { Clock = clock, WeightInterval = TimeSpan.FromSeconds(10), WeightLimit = 30 });
        using var client = SimulatorTestKit.Client(sim);
        Assert.Equal("25", (await client.GetRawAsync("api/v3/trades?symbol=BTCUSDT&limit=1")).Headers.Header("X-MBX-USED-WEIGHT-10S"));
        clock.Advance(TimeSpan.FromMilliseconds(150)); // 14:45:10.050: a new 10 s window
        Assert.Equal("25", (await client.GetRawAsync("api/v3/trades?symbol=BTCUSDT&limit=1")).Headers.Header("X-MBX-USED-WEIGHT-10S"));
    }

    [Fact]
    public async Task Over_limit_gives_429_then_418_ban_with_retry_after()
    {
        var clock = new ManualClock(SimulatorTestKit.FixedNow); // 14:45:30.123: 29.877 s left in the minute
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { Clock = clock, WeightLimit = 60, BanAfter429s = 3 });
        using var client = SimulatorTestKit.Client(sim);
        const string heavy = "api/v3/historicalTrades?symbol=BTCUSDT&fromId=1&limit=1";

        Assert.Equal(200, (await client.GetRawAsync(heavy)).Status);
        Assert.Equal(200, (await client.GetRawAsync(heavy)).Status);
        var limited = await client.GetRawAsync(heavy);
        Assert.Equal(429, limited.Status);
        Assert.Equal(-1003, limited.Code);
        Assert.Equal("30", limited.Headers.Header("Retry-After"));
        Assert.Equal("50", limited.Headers.Header("X-MBX-USED-WEIGHT-1M")); // the rejected request added nothing
        Assert.Equal("{\"code\":-1003,\"msg\":\"Too much request weight used; current limit is 60 request weight per 1 MINUTE. " +
            "Please use WebSocket Streams for live updates to avoid polling the API.\"}", limited.Body);

        // A request that still fits is served and does not count towards the ban.
        Assert.Equal(200, (await client.GetRawAsync("api/v3/ping")).Status);

        for (int i = 0; i < 3; i++) Assert.Equal(429, (await client.GetRawAsync(heavy)).Status);
        var banned = await client.GetRawAsync(heavy);
        Assert.Equal(418, banned.Status);
        long until = SimulatorTestKit.UnixMs(clock.Now.AddMinutes(2));
        Assert.Equal($"{{\"code\":-1003,\"msg\":\"Way too much request weight used; IP banned until {until}. " +
            "Please use WebSocket Streams for live updates to avoid bans.\"}", banned.Body);
        Assert.Equal("120", banned.Headers.Header("Retry-After"));
        Assert.Equal("51", banned.Headers.Header("X-MBX-USED-WEIGHT-1M"));

        // Everything is refused during the ban, unknown paths and light requests included.
        clock.Advance(TimeSpan.FromSeconds(100));
        var stillBanned = await client.GetRawAsync("api/v3/ping");
        Assert.Equal(418, stillBanned.Status);
        Assert.Equal("20", stillBanned.Headers.Header("Retry-After"));
        Assert.Equal(418, (await client.GetRawAsync("api/v3/nothing")).Status);

        clock.Advance(TimeSpan.FromSeconds(20));
        var after = await client.GetRawAsync("api/v3/ping");
        Assert.Equal(200, after.Status);
        Assert.Equal("1", after.Headers.Header("X-MBX-USED-WEIGHT-1M"));

        Assert.Equal(4, sim.Stats.Status429);
        Assert.Equal(3, sim.Stats.Status418);
        Assert.Equal(25 + 25 + 1 + 1, sim.Stats.WeightServed);
    }

    [Fact]
    public async Task Window_end_clears_the_429_record()
    {
        var clock = new ManualClock(SimulatorTestKit.FixedNow);
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { Clock = clock, WeightLimit = 25, BanAfter429s = 1 });
        using var client = SimulatorTestKit.Client(sim);
        const string heavy = "api/v3/trades?symbol=BTCUSDT&limit=1";
        Assert.Equal(200, (await client.GetRawAsync(heavy)).Status);
        Assert.Equal(429, (await client.GetRawAsync(heavy)).Status);
        Assert.Equal(429, (await client.GetRawAsync(heavy)).Status);
        clock.Advance(TimeSpan.FromSeconds(30)); // next minute
        Assert.Equal(200, (await client.GetRawAsync(heavy)).Status);
        Assert.Equal(429, (await client.GetRawAsync(heavy)).Status);
        Assert.Equal(429, (await client.GetRawAsync(heavy)).Status);
        Assert.Equal(418, (await client.GetRawAsync(heavy)).Status);
    }

    [Fact]
    public async Task Stats_are_consistent_under_concurrent_clients()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { WeightLimit = 100_000 });
        await Parallel.ForEachAsync(Enumerable.Range(0, 8), async (_, ct) =>
        {
            using var client = SimulatorTestKit.Client(sim);
            for (int i = 0; i < 25; i++) (await client.GetAsync("api/v3/ping", ct)).EnsureSuccessStatusCode();
        });
        Assert.Equal(200, sim.Stats.Requests);
        Assert.Equal(200, sim.Stats.WeightServed);
    }
}
