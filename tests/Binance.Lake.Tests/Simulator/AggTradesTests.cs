using System.Globalization;
using Binance.Lake.Simulator;

namespace Binance.Lake.Tests.Simulator;

/// <summary>aggTrades selection rules and the agreement between aggregates and trades.</summary>
public sealed class AggTradesTests : IAsyncLifetime
{
    private ExchangeSimulator _sim = null!;
    private HttpClient _client = null!;
    private HttpClient _us = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { WeightLimit = 1_000_000 });
        _client = SimulatorTestKit.Client(_sim);
        _us = SimulatorTestKit.Client(_sim, "MICROSECOND");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _us.Dispose();
        await _sim.DisposeAsync();
    }

    private static readonly long StartMs = SimulatorTestKit.UnixMs(SimulatorTestKit.FixedNow.AddDays(-10)) + 123;

    [Fact]
    public async Task Start_time_gives_the_first_aggregate_at_or_after_it()
    {
        var aggs = await _client.AggsAsync($"api/v3/aggTrades?symbol=BTCUSDT&startTime={StartMs}&limit=200");
        Assert.Equal(200, aggs.Count);
        Assert.True(aggs[0].T >= StartMs);
        var before = await _client.TradesAsync($"api/v3/historicalTrades?symbol=BTCUSDT&fromId={aggs[0].F - 1}&limit=1");
        Assert.True(before.Single().Time < StartMs);
        var previousAgg = await _client.AggsAsync($"api/v3/aggTrades?symbol=BTCUSDT&fromId={aggs[0].A - 1}&limit=1");
        Assert.True(previousAgg.Single().T < StartMs);
    }

    [Fact]
    public async Task Start_time_in_microseconds_is_recognised_by_magnitude()
    {
        long startUs = StartMs * 1000 + 517;
        var aggs = await _us.AggsAsync($"api/v3/aggTrades?symbol=BTCUSDT&startTime={startUs}&limit=5");
        Assert.True(aggs[0].T >= startUs);
        var previous = await _us.AggsAsync($"api/v3/aggTrades?symbol=BTCUSDT&fromId={aggs[0].A - 1}&limit=1");
        Assert.True(previous.Single().T < startUs);
    }

    [Fact]
    public async Task Aggregates_match_their_trades()
    {
        var aggs = await _client.AggsAsync($"api/v3/aggTrades?symbol=BTCUSDT&startTime={StartMs}&limit=300");
        long first = aggs[0].F, last = aggs[^1].L;
        var trades = await _client.TradesAsync($"api/v3/historicalTrades?symbol=BTCUSDT&fromId={first}&limit={last - first + 1}");
        var byId = trades.ToDictionary(t => t.Id);
        Assert.Contains(aggs, a => a.L > a.F);
        for (int i = 0; i < aggs.Count; i++)
        {
            var a = aggs[i];
            if (i > 0)
            {
                Assert.Equal(aggs[i - 1].A + 1, a.A);
                Assert.Equal(aggs[i - 1].L + 1, a.F);
            }
            decimal qty = 0;
            for (long id = a.F; id <= a.L; id++)
            {
                var t = byId[id];
                Assert.Equal(a.T, t.Time);
                Assert.Equal(a.P, t.Price);
                Assert.Equal(a.M, t.IsBuyerMaker);
                qty += decimal.Parse(t.Qty, CultureInfo.InvariantCulture);
            }
            Assert.Equal(qty, decimal.Parse(a.Q, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task End_time_alone_gives_the_newest_aggregates_up_to_it()
    {
        long endMs = StartMs + 60_000;
        var aggs = await _client.AggsAsync($"api/v3/aggTrades?symbol=BTCUSDT&endTime={endMs}&limit=50");
        Assert.Equal(50, aggs.Count);
        Assert.True(aggs[^1].T <= endMs);
        var next = await _client.AggsAsync($"api/v3/aggTrades?symbol=BTCUSDT&fromId={aggs[^1].A + 1}&limit=1");
        Assert.True(next.Single().T > endMs);
    }

    [Fact]
    public async Task Both_times_start_at_start_and_stop_at_end()
    {
        long endMs = StartMs + 2_000;
        var aggs = await _client.AggsAsync($"api/v3/aggTrades?symbol=BTCUSDT&startTime={StartMs}&endTime={endMs}&limit=1000");
        var fromStart = await _client.AggsAsync($"api/v3/aggTrades?symbol=BTCUSDT&startTime={StartMs}&limit=1");
        Assert.Equal(fromStart.Single(), aggs[0]);
        Assert.All(aggs, a => Assert.InRange(a.T, StartMs, endMs));
        var next = await _client.AggsAsync($"api/v3/aggTrades?symbol=BTCUSDT&fromId={aggs[^1].A + 1}&limit=1");
        Assert.True(next.Single().T > endMs);

        var limited = await _client.AggsAsync($"api/v3/aggTrades?symbol=BTCUSDT&startTime={StartMs}&endTime={endMs}&limit=2");
        Assert.Equal(aggs.Take(2), limited);
    }

    [Fact]
    public async Task No_parameters_give_the_newest_aggregates()
    {
        var aggs = await _client.AggsAsync("api/v3/aggTrades?symbol=BTCUSDT");
        Assert.Equal(500, aggs.Count);
        Assert.Empty(await _client.AggsAsync($"api/v3/aggTrades?symbol=BTCUSDT&fromId={aggs[^1].A + 1}"));
        var newestTrade = (await _client.TradesAsync("api/v3/trades?symbol=BTCUSDT&limit=1")).Single();
        Assert.Equal(newestTrade.Id, aggs[^1].L);
    }

    [Fact]
    public async Task From_id_with_a_time_is_rejected()
    {
        var (status, code, body, _) = await _client.GetRawAsync($"api/v3/aggTrades?symbol=BTCUSDT&fromId=1&startTime={StartMs}");
        Assert.Equal(400, status);
        Assert.Equal(-1128, code);
        Assert.Equal("{\"code\":-1128,\"msg\":\"Combination of optional parameters invalid.\"}", body);
        Assert.Equal(-1128, (await _client.GetRawAsync($"api/v3/aggTrades?symbol=BTCUSDT&fromId=1&endTime={StartMs}")).Code);
    }

    [Fact]
    public async Task Times_beyond_now_or_before_genesis_are_handled()
    {
        long future = SimulatorTestKit.UnixMs(SimulatorTestKit.FixedNow.AddDays(1));
        Assert.Empty(await _client.AggsAsync($"api/v3/aggTrades?symbol=BTCUSDT&startTime={future}"));
        var fromZero = await _client.AggsAsync("api/v3/aggTrades?symbol=BTCUSDT&startTime=1&limit=1");
        Assert.Equal(0, fromZero.Single().A);
        Assert.Equal(0, fromZero.Single().F);
        Assert.Empty(await _client.AggsAsync($"api/v3/aggTrades?symbol=BTCUSDT&startTime={StartMs + 10}&endTime={StartMs}"));
    }
}
