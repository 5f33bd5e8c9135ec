using Binance.Lake.Simulator;

namespace Binance.Lake.Tests.Simulator;

/// <summary>REST no longer serves the oldest trades (binance-public-data#376); the floor simulates that.</summary>
public sealed class RestFloorTests
{
    private const long Floor = 1_000_003;

    [Fact]
    public async Task Trades_below_the_floor_are_not_served()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { RestFloorId = Floor });
        using var client = SimulatorTestKit.Client(sim);
        var fromZero = await client.TradesAsync("api/v3/historicalTrades?symbol=BTCUSDT&fromId=0&limit=10");
        Assert.Equal(Floor, fromZero[0].Id);
        Assert.Equal(Floor + 9, fromZero[^1].Id);
        var above = await client.TradesAsync($"api/v3/historicalTrades?symbol=BTCUSDT&fromId={Floor + 5}&limit=1");
        Assert.Equal(Floor + 5, above.Single().Id);
        Assert.Empty(await client.TradesAsync("api/v3/historicalTrades?symbol=BTCUSDT&fromId=999999999999&limit=10"));
        Assert.Equal(1000, (await client.TradesAsync("api/v3/trades?symbol=BTCUSDT&limit=1000")).Count);
    }

    [Fact]
    public async Task Aggregates_starting_below_the_floor_are_not_served()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { RestFloorId = Floor });
        using var client = SimulatorTestKit.Client(sim);
        var first = (await client.AggsAsync("api/v3/aggTrades?symbol=BTCUSDT&fromId=0&limit=1")).Single();
        var byTime = (await client.AggsAsync("api/v3/aggTrades?symbol=BTCUSDT&startTime=1&limit=1")).Single();
        Assert.Equal(first, byTime);
        Assert.True(first.F >= Floor);

        // The aggregate just before it starts below the floor (read without a floor to check).
        await using var open = await SimulatorTestKit.StartAsync();
        using var openClient = SimulatorTestKit.Client(open);
        var previous = (await openClient.AggsAsync($"api/v3/aggTrades?symbol=BTCUSDT&fromId={first.A - 1}&limit=2"));
        Assert.True(previous[0].F < Floor);
        Assert.Equal(first, previous[1]);
    }
}
