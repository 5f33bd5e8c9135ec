using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.Backfill;
using Binance.Lake.Extract.Rest;
using Binance.Lake.Simulator;
using Binance.Lake.Tests.Support;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Backfill;

/// <summary>What Binance does to a client that pushes: limits, bans, errors, damaged bodies.</summary>
public class BackfillResilienceTests(ITestOutputHelper output)
{
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    [Fact]
    public async Task Pacing_at_the_limit_with_many_workers_never_draws_a_429()
    {
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions
        {
            TradesPerSecond = 0.1, WeightLimit = 600, WeightInterval = TimeSpan.FromSeconds(2), BanAfter429s = 0,
        });

        var (summary, client) = await harness.RunAsync(
            new BackfillRequest("BTCUSDT", new BackfillMode.DateRange(Yesterday, Yesterday), ChunkLimit: 100, Concurrency: 16));

        Assert.True(summary.Requests > 3 * 600 / 25, "the run spans several weight windows");
        Assert.Equal(0, harness.Simulator.Stats.Status429);
        Assert.Equal(0, client.Stats.RateLimited);
        RawZoneAssert.HoldsExactly(await harness.RawChunksAsync("BTCUSDT"), new IdRange(summary.FirstId, summary.LastId));
    }

    [Fact]
    public async Task Two_processes_splitting_one_ip_budget_never_draw_a_429()
    {
        // Two governors that do not know of each other, as two processes on one machine would be.
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions
        {
            TradesPerSecond = 0.1, WeightLimit = 500, WeightInterval = TimeSpan.FromSeconds(2), BanAfter429s = 0,
        });

        var runs = await Task.WhenAll(
            harness.RunAsync(new BackfillRequest("BTCUSDT", new BackfillMode.DateRange(Yesterday, Yesterday), ChunkLimit: 200, Concurrency: 4), weightShare: 0.5),
            harness.RunAsync(new BackfillRequest("ETHUSDT", new BackfillMode.DateRange(Yesterday, Yesterday), ChunkLimit: 200, Concurrency: 4), weightShare: 0.5));

        Assert.True(runs.Sum(r => r.Summary.Requests) > 3 * 500 / 25, "the runs span several weight windows");
        Assert.Equal(0, harness.Simulator.Stats.Status429);
        foreach (var (summary, _) in runs)
            RawZoneAssert.HoldsExactly(await harness.RawChunksAsync(summary.Symbol), new IdRange(summary.FirstId, summary.LastId));
    }

    [Fact]
    public async Task When_the_budget_is_smaller_than_announced_429s_pause_every_worker_until_retry_after_and_the_run_finishes()
    {
        const int workers = 3;
        // exchangeInfo announces twice what is enforced (stale limits, or a tenant we cannot see), so the
        // governor overshoots every window. The ban comes after more over-limit requests than our workers
        // can have in flight at once: a client that kept sending after a 429 instead of pausing is banned.
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions
        {
            TradesPerSecond = 0.1, WeightLimit = 300, AdvertisedWeightLimit = 600, WeightInterval = TimeSpan.FromSeconds(1),
            BanAfter429s = workers,
        });

        var (summary, client) = await harness.RunAsync(
            new BackfillRequest("BTCUSDT", new BackfillMode.DateRange(Yesterday, Yesterday), ChunkLimit: 250, Concurrency: workers));

        Assert.True(client.Stats.RateLimited >= 2, $"every window overshot: {client.Stats.RateLimited} 429s");
        Assert.Equal(0, harness.Simulator.Stats.Status418);
        Assert.Equal(client.Stats.RateLimited, client.Governor.Stats.Pauses);
        RawZoneAssert.HoldsExactly(await harness.RawChunksAsync("BTCUSDT"), new IdRange(summary.FirstId, summary.LastId));
    }

    [Fact]
    public async Task A_ban_stops_the_run_with_the_time_it_ends()
    {
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions
        {
            WeightLimit = 50, WeightInterval = TimeSpan.FromMinutes(1), BanAfter429s = 0, BanDuration = TimeSpan.FromMinutes(5),
        });
        using (var careless = new HttpClient { BaseAddress = harness.Simulator.BaseUrl })
        {
            // Someone else on this IP ignores the 429s until Binance bans the IP.
            for (var i = 0; i < 10; i++)
                await careless.GetAsync("api/v3/trades?symbol=BTCUSDT&limit=1");
        }
        Assert.True(harness.Simulator.Stats.Status418 > 0);

        var error = await Assert.ThrowsAsync<IpBannedException>(() =>
            harness.RunAsync(new BackfillRequest("BTCUSDT", new BackfillMode.DateRange(Yesterday, Yesterday))));

        Assert.InRange(error.Until, DateTimeOffset.UtcNow.AddMinutes(4), DateTimeOffset.UtcNow.AddMinutes(5.1));
        Assert.Contains("banned", error.Message);
        Assert.Empty(await harness.RawChunksAsync("BTCUSDT"));
    }

    [Fact]
    public async Task Server_errors_dropped_connections_and_truncated_bodies_are_retried_and_never_written()
    {
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions
        {
            TradesPerSecond = 0.1, Fault5xx = 0.15, FaultTruncate = 0.15, FaultDrop = 0.1,
        });

        var (summary, client) = await harness.RunAsync(
            new BackfillRequest("BTCUSDT", new BackfillMode.DateRange(Yesterday, Yesterday), ChunkLimit: 200, Concurrency: 4));

        var stats = harness.Simulator.Stats;
        Assert.True(stats.Faults5xx > 0 && stats.FaultsTruncated > 0 && stats.FaultsDropped > 0, stats.ToString());
        Assert.True(client.Stats.Retries >= stats.FaultsInjected, $"every damaged answer was retried: {client.Stats.Retries} retries, {stats}");
        Assert.True(client.Stats.Malformed > 0, "truncated bodies were recognised as damaged");
        // Every file parses (the harness parses them) and together they are the range, each id once.
        RawZoneAssert.HoldsExactly(await harness.RawChunksAsync("BTCUSDT"), new IdRange(summary.FirstId, summary.LastId));
    }

    [Fact]
    public async Task An_unknown_symbol_is_refused_before_any_trade_request()
    {
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions());

        var error = await Assert.ThrowsAsync<BackfillInputException>(() =>
            harness.RunAsync(new BackfillRequest("NOSUCHPAIR", new BackfillMode.FromId(0))));

        Assert.Contains("Unknown symbol NOSUCHPAIR", error.Message);
        Assert.Empty(await harness.RawChunksAsync("NOSUCHPAIR"));
    }
}
