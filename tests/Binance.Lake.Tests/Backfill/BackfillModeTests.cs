using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.Backfill;
using Binance.Lake.Simulator;
using Binance.Lake.Tests.Support;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Backfill;

/// <summary>The brief's three modes against the simulator over real HTTP: exact boundaries, every id once.</summary>
public class BackfillModeTests(ITestOutputHelper output)
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static long Micros(DateOnly day) => (day.ToDateTime(TimeOnly.MinValue) - DateTime.UnixEpoch).Ticks / 10;

    [Theory]
    [InlineData(IdSearch.AggTrades)]
    [InlineData(IdSearch.Interpolate)]
    public async Task From_date_to_date_holds_exactly_the_trades_of_those_days(IdSearch search)
    {
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions { TradesPerSecond = 0.2 });
        var (from, to) = (Today.AddDays(-3), Today.AddDays(-2));

        var (summary, _) = await harness.RunAsync(
            new BackfillRequest("BTCUSDT", new BackfillMode.DateRange(from, to), ChunkLimit: 1000, Concurrency: 4, IdSearch: search));

        var chunks = await harness.RawChunksAsync("BTCUSDT");
        RawZoneAssert.HoldsExactly(chunks, new IdRange(summary.FirstId, summary.LastId));
        var trades = chunks.SelectMany(c => c.Page.Trades).ToArray();
        Assert.True(trades[0].TimeMicros >= Micros(from));
        Assert.True(trades[^1].TimeMicros < Micros(to.AddDays(1)));
        Assert.True((await harness.TradeAsync("BTCUSDT", summary.FirstId - 1)).TimeMicros < Micros(from), "the trade before the first is on an earlier day");
        Assert.True((await harness.TradeAsync("BTCUSDT", summary.LastId + 1)).TimeMicros >= Micros(to.AddDays(1)), "the trade after the last is on a later day");
        Assert.Equal(summary.Trades, trades.Length);
        Assert.True(summary.Complete);
        Assert.True(trades[0].TimeMicros > 1_000_000_000_000_000, "raw files carry microsecond times");
    }

    [Fact]
    public async Task Reverse_to_a_first_date_walks_back_from_the_newest_trade_to_the_first_trade_of_that_day()
    {
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions { TradesPerSecond = 0.1 });
        var firstDate = Today.AddDays(-1);
        long newestBefore;
        using (var client = harness.NewClient())
            newestBefore = (await client.GetRecentTradesAsync("ETHUSDT", 1, CancellationToken.None)).Trades[0].Id;

        var (summary, _) = await harness.RunAsync(
            new BackfillRequest("ETHUSDT", new BackfillMode.Reverse(firstDate), ChunkLimit: 500, Concurrency: 3));

        var chunks = await harness.RawChunksAsync("ETHUSDT");
        RawZoneAssert.HoldsExactly(chunks, new IdRange(summary.FirstId, summary.LastId));
        Assert.True(chunks[0].Page.Trades[0].TimeMicros >= Micros(firstDate));
        Assert.True((await harness.TradeAsync("ETHUSDT", summary.FirstId - 1)).TimeMicros < Micros(firstDate));
        Assert.True(summary.LastId >= newestBefore, "reverse starts at the newest trade");
    }

    [Fact]
    public async Task From_id_zero_reports_the_ids_below_the_rest_retention_floor_and_fetches_the_rest()
    {
        await using var harness = await BackfillHarness.StartAsync(output,
            new SimulatorOptions { TradesPerSecond = 0.01, RestFloorId = 5_000, Symbols = ["BTCUSDT"] });

        var (summary, _) = await harness.RunAsync(new BackfillRequest("BTCUSDT", new BackfillMode.FromId(0), Concurrency: 4));

        Assert.Equal([new IdRange(0, 4_999)], summary.NotServed);
        Assert.False(summary.Complete);
        Assert.Equal(0, summary.FirstId);
        RawZoneAssert.HoldsExactly(await harness.RawChunksAsync("BTCUSDT"), new IdRange(5_000, summary.LastId));
    }

    [Theory]
    [InlineData(IdSearch.AggTrades)]
    [InlineData(IdSearch.Interpolate)]
    public async Task A_date_range_that_starts_below_the_retention_floor_reports_what_rest_does_not_serve(IdSearch search)
    {
        await using var harness = await BackfillHarness.StartAsync(output,
            new SimulatorOptions { TradesPerSecond = 0.01, RestFloorId = 5_000, Symbols = ["BTCUSDT"] });
        var (from, to) = (Today.AddDays(-44), Today.AddDays(-30));

        var (summary, _) = await harness.RunAsync(new BackfillRequest("BTCUSDT", new BackfillMode.DateRange(from, to), IdSearch: search));

        Assert.Equal([new IdRange(0, 4_999)], summary.NotServed);
        RawZoneAssert.HoldsExactly(await harness.RawChunksAsync("BTCUSDT"), new IdRange(5_000, summary.LastId));
        Assert.True((await harness.TradeAsync("BTCUSDT", summary.LastId + 1)).TimeMicros >= Micros(to.AddDays(1)));
        Assert.True((await harness.TradeAsync("BTCUSDT", summary.LastId)).TimeMicros < Micros(to.AddDays(1)));
    }

    [Fact]
    public async Task Reverse_without_a_date_stops_at_the_retention_floor_and_says_so()
    {
        await using var harness = await BackfillHarness.StartAsync(output,
            new SimulatorOptions { TradesPerSecond = 0.01, RestFloorId = 1_234, Symbols = ["BTCUSDT"] });

        var (summary, _) = await harness.RunAsync(new BackfillRequest("BTCUSDT", new BackfillMode.Reverse(null), Concurrency: 2));

        Assert.Equal([new IdRange(0, 1_233)], summary.NotServed);
        RawZoneAssert.HoldsExactly(await harness.RawChunksAsync("BTCUSDT"), new IdRange(1_234, summary.LastId));
    }

    [Fact]
    public async Task A_second_run_of_an_open_ended_mode_fetches_only_what_is_new_and_never_overlaps()
    {
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions { TradesPerSecond = 20, Symbols = ["BTCUSDT"] });
        long newest;
        using (var client = harness.NewClient())
            newest = (await client.GetRecentTradesAsync("BTCUSDT", 1, CancellationToken.None)).Trades[0].Id;
        var request = new BackfillRequest("BTCUSDT", new BackfillMode.FromId(newest - 5_000), ChunkLimit: 700, Concurrency: 2);

        var (first, _) = await harness.RunAsync(request);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var (second, _) = await harness.RunAsync(request);

        Assert.False(second.Resumed, "a completed plan is not resumed");
        Assert.True(second.LastId >= first.LastId);
        Assert.Equal(first.Trades, second.TradesAlreadyPresent);
        Assert.Equal(second.LastId - first.LastId, second.TradesFetched);
        Assert.True(second.TradesFetched > 0, "the simulator's history grew between the runs");
        RawZoneAssert.HoldsExactly(await harness.RawChunksAsync("BTCUSDT"), new IdRange(newest - 5_000, second.LastId));
    }
}
