using System.Globalization;
using System.Text.RegularExpressions;
using Binance.Lake.Simulator;
using FsCheck;
using FsCheck.Xunit;

namespace Binance.Lake.Tests.Simulator;

/// <summary>Determinism, id/time ordering and the decimal shape of generated trades, over real HTTP.</summary>
public sealed partial class HistoryShapeTests : IClassFixture<HistoryShapeTests.Shared>
{
    private readonly Shared _shared;

    public HistoryShapeTests(Shared shared) => _shared = shared;

    /// <summary>One simulator for the property test, which makes many requests.</summary>
    public sealed class Shared : IAsyncLifetime
    {
        public ExchangeSimulator Sim { get; private set; } = null!;
        public HttpClient Client { get; private set; } = null!;
        public long Newest { get; private set; }

        public async Task InitializeAsync()
        {
            Sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { WeightLimit = 1_000_000 });
            Client = SimulatorTestKit.Client(Sim);
            Newest = await Client.NewestIdAsync("BTCUSDT");
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await Sim.DisposeAsync();
        }
    }

    [GeneratedRegex(@"^\d+\.\d{8}$")]
    private static partial Regex EightDecimals();

    [Fact]
    public async Task Same_seed_gives_same_trades_and_another_seed_differs()
    {
        await using var a = await SimulatorTestKit.StartAsync(new SimulatorOptions { Seed = 7 });
        await using var b = await SimulatorTestKit.StartAsync(new SimulatorOptions { Seed = 7 });
        await using var c = await SimulatorTestKit.StartAsync(new SimulatorOptions { Seed = 8 });
        using var ca = SimulatorTestKit.Client(a);
        using var cb = SimulatorTestKit.Client(b);
        using var cc = SimulatorTestKit.Client(c);

        foreach (var url in new[] { "api/v3/historicalTrades?symbol=BTCUSDT&fromId=123456&limit=1000", "api/v3/trades?symbol=ETHUSDT&limit=1000" })
        {
            Assert.Equal(await ca.GetStringAsync(url), await cb.GetStringAsync(url));
            Assert.NotEqual(await ca.GetStringAsync(url), await cc.GetStringAsync(url));
        }
        string aggs = "api/v3/aggTrades?symbol=BTCUSDT&fromId=5000&limit=1000";
        Assert.Equal(await ca.GetStringAsync(aggs), await cb.GetStringAsync(aggs));
        Assert.NotEqual(await ca.GetStringAsync(aggs), await cc.GetStringAsync(aggs));
    }

    [Property(MaxTest = 60)]
    public bool Pages_are_contiguous_and_time_ordered_across_boundaries(NonNegativeInt fromSeed, PositiveInt limitSeed)
    {
        // Spread FsCheck's small ints over the whole id range, and sometimes right up to the newest trade.
        ulong spread = (ulong)(fromSeed.Get + 1) * 0x9E3779B97F4A7C15UL;
        long fromId = fromSeed.Get % 5 == 0
            ? Math.Max(0, _shared.Newest - fromSeed.Get)
            : (long)(spread % (ulong)(_shared.Newest + 1));
        int limit = limitSeed.Get % 1000 + 1;
        var page = _shared.Client.TradesAsync($"api/v3/historicalTrades?symbol=BTCUSDT&fromId={fromId}&limit={limit}").GetAwaiter().GetResult();
        Assert.Equal((int)Math.Min(limit, _shared.Newest - fromId + 1), page.Count);
        for (int i = 0; i < page.Count; i++)
        {
            Assert.Equal(fromId + i, page[i].Id);
            if (i > 0) Assert.True(page[i].Time >= page[i - 1].Time);
        }
        var next = _shared.Client.TradesAsync($"api/v3/historicalTrades?symbol=BTCUSDT&fromId={page[^1].Id + 1}&limit=3").GetAwaiter().GetResult();
        if (next.Count > 0)
        {
            Assert.Equal(page[^1].Id + 1, next[0].Id);
            Assert.True(next[0].Time >= page[^1].Time);
        }
        return true;
    }

    [Fact]
    public async Task Busy_periods_have_several_trades_in_one_millisecond()
    {
        // FixedNow is 14:45 UTC, the busiest part of the day.
        var recent = await _shared.Client.TradesAsync("api/v3/trades?symbol=BTCUSDT&limit=1000");
        int sameMsPairs = recent.Zip(recent.Skip(1)).Count(p => p.First.Time == p.Second.Time);
        Assert.True(sameMsPairs > 50, $"only {sameMsPairs} adjacent trades share a millisecond");
        Assert.Contains(recent.GroupBy(t => t.Time), g => g.Count() >= 3);
    }

    [Fact]
    public void Intraday_rhythm_is_busier_mid_afternoon_than_at_night()
    {
        var history = _shared.Sim.Catalog.All.Single(h => h.Symbol == "BTCUSDT");
        long now = (SimulatorTestKit.FixedNow - DateTimeOffset.UnixEpoch).Ticks / 10;
        long Count(DateTimeOffset from) =>
            history.FirstTradeIdAtOrAfter(Micros(from.AddHours(1)), now) - history.FirstTradeIdAtOrAfter(Micros(from), now);
        var day = new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero);
        long busy = 0, quiet = 0;
        for (int d = 0; d < 5; d++)
        {
            busy += Count(day.AddDays(d).AddHours(14));
            quiet += Count(day.AddDays(d).AddHours(2));
        }
        double ratio = (double)busy / quiet;
        Assert.InRange(ratio, 2.0, 4.5);
        // 5 trades/s on average: one busy hour ≈ 5 × 3600 × ~1.5.
        Assert.InRange(busy / 5.0, 5 * 3600 * 1.1, 5 * 3600 * 2.0);
    }

    [Theory]
    [InlineData("BTCUSDT", "0.01", "0.00001")]
    [InlineData("ETHUSDT", "0.01", "0.0001")]
    [InlineData("FOOBAR", "0.0001", "0.1")]
    public async Task Prices_sit_on_the_tick_and_quote_qty_is_price_times_qty(string symbol, string tick, string step)
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { Symbols = [symbol] });
        using var client = SimulatorTestKit.Client(sim);
        var trades = await client.TradesAsync($"api/v3/historicalTrades?symbol={symbol}&fromId=2000000&limit=1000");
        Assert.Equal(1000, trades.Count);
        decimal tickSize = decimal.Parse(tick, CultureInfo.InvariantCulture), stepSize = decimal.Parse(step, CultureInfo.InvariantCulture);
        foreach (var t in trades)
        {
            Assert.Matches(EightDecimals(), t.Price);
            Assert.Matches(EightDecimals(), t.Qty);
            Assert.Matches(EightDecimals(), t.QuoteQty);
            decimal p = decimal.Parse(t.Price, CultureInfo.InvariantCulture), q = decimal.Parse(t.Qty, CultureInfo.InvariantCulture);
            Assert.True(p > 0 && q > 0);
            Assert.Equal(0m, p % tickSize);
            Assert.Equal(0m, q % stepSize);
            Assert.Equal(p * q, decimal.Parse(t.QuoteQty, CultureInfo.InvariantCulture));
            Assert.True(t.IsBestMatch);
        }
        // Both sides trade.
        Assert.Contains(trades, t => t.IsBuyerMaker);
        Assert.Contains(trades, t => !t.IsBuyerMaker);
    }

    [Fact]
    public async Task Prices_are_plausible_for_known_pairs()
    {
        var btc = await _shared.Client.TradesAsync("api/v3/trades?symbol=BTCUSDT&limit=10");
        var eth = await _shared.Client.TradesAsync("api/v3/trades?symbol=ETHUSDT&limit=10");
        Assert.All(btc, t => Assert.InRange(decimal.Parse(t.Price, CultureInfo.InvariantCulture), 50_000m, 70_000m));
        Assert.All(eth, t => Assert.InRange(decimal.Parse(t.Price, CultureInfo.InvariantCulture), 2_500m, 3_500m));
    }

    private static long Micros(DateTimeOffset t) => (t - DateTimeOffset.UnixEpoch).Ticks / 10;
}
