using Binance.Lake.Core.Lake;
using Binance.Lake.Extract.Live;
using Binance.Lake.Extract.Live.Sinks;
using Binance.Lake.Extract.Rest;
using Binance.Lake.Simulator;
using Binance.Lake.Tests.Support;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Live;

/// <summary>The collector over real websockets and REST against the simulator and its stream faults: every id once, in the lake.</summary>
public class LiveCollectorTests(ITestOutputHelper output)
{
    private static readonly SimulatorOptions Busy = new() { TradesPerSecond = 200, Symbols = ["BTCUSDT", "ETHUSDT"] };

    [Fact]
    public async Task Dropped_connections_skipped_and_repeated_messages_leave_every_id_exactly_once()
    {
        await using var harness = await LiveHarness.StartAsync(output, Busy with
        {
            WsDropEvery = TimeSpan.FromMilliseconds(500), WsSkipRate = 0.02, WsRepeatRate = 0.05,
        });

        var stats = await harness.CollectAsync(s => s.Reconnects >= 2 && LiveHarness.Trades(600)(s), symbols: ["BTCUSDT", "ETHUSDT"]);

        Assert.True(harness.Simulator.Stats.WsDrops >= 2, $"{harness.Simulator.Stats.WsDrops} drops");
        Assert.True(stats.Reconnects >= 2, $"{stats.Reconnects} reconnects");
        foreach (var symbol in new[] { "BTCUSDT", "ETHUSDT" })
        {
            var s = stats.Symbols[symbol];
            Assert.True(s.Gaps > 0 && s.Repaired > 0, $"{symbol}: {s.Gaps} gaps, {s.Repaired} repaired");
            Assert.True(s.Duplicates > 0, $"{symbol}: {s.Duplicates} duplicates dropped");
            var range = await harness.AssertContiguousAsync(symbol);
            Assert.Equal(range.Count, s.Trades + s.Repaired);
        }
    }

    [Fact]
    public async Task Rollover_opens_the_next_connection_before_the_cut_and_the_overlap_is_deduped()
    {
        await using var harness = await LiveHarness.StartAsync(output, Busy with { WsLifetime = TimeSpan.FromSeconds(2) });

        var stats = await harness.CollectAsync(s => s.Rollovers >= 2, harness.Options with { RolloverAfter = TimeSpan.FromMilliseconds(500) });

        Assert.True(stats.Rollovers >= 2, $"{stats.Rollovers} rollovers");
        Assert.Equal(0, harness.Simulator.Stats.WsLifetimeCloses);
        Assert.Equal(0, harness.Simulator.Stats.WsDrops);
        await harness.AssertContiguousAsync();
    }

    [Fact]
    public async Task A_stalled_stream_is_replaced_and_its_gap_repaired()
    {
        await using var harness = await LiveHarness.StartAsync(output, Busy with { WsStallEvery = TimeSpan.FromMilliseconds(600) });

        var stats = await harness.CollectAsync(s => s.Stalls >= 2 && LiveHarness.Trades(300)(s), harness.Options with { StallTimeout = TimeSpan.FromMilliseconds(300) });

        Assert.True(stats.Stalls >= 2, $"{stats.Stalls} stalls");
        Assert.True(stats.Symbols["BTCUSDT"].Repaired > 0);
        await harness.AssertContiguousAsync();
    }

    [Fact]
    public async Task Pings_are_answered_so_the_server_keeps_the_connection()
    {
        await using var harness = await LiveHarness.StartAsync(output, Busy with
        {
            WsPingInterval = TimeSpan.FromMilliseconds(50), WsPongTimeout = TimeSpan.FromSeconds(1),
        });

        // Without pongs the server would abort the connection a second after its first ping; this runs well past that.
        var stats = await harness.CollectAsync(LiveHarness.Trades(500));

        Assert.Equal(1, stats.Connections);
        Assert.Equal(0, stats.Symbols["BTCUSDT"].Gaps);
    }

    [Fact]
    public async Task A_restart_resumes_after_the_newest_id_in_the_lake_and_repairs_the_downtime_from_rest()
    {
        await using var harness = await LiveHarness.StartAsync(output, Busy);
        await harness.CollectAsync(LiveHarness.Trades(100));
        var first = await harness.TradesAsync("BTCUSDT");
        await Task.Delay(500); // trades the collector is not there to see

        var stats = await harness.CollectAsync(LiveHarness.Trades(100));

        Assert.True(stats.Symbols["BTCUSDT"].Repaired > 0, "the downtime was repaired from REST");
        var range = await harness.AssertContiguousAsync();
        Assert.Equal(first.Keys.First(), range.First);
    }

    [Fact]
    public async Task Stopping_writes_the_open_batch()
    {
        await using var harness = await LiveHarness.StartAsync(output, Busy);

        var stats = await harness.CollectAsync(LiveHarness.Trades(100), harness.Options with { BatchMaxAge = TimeSpan.FromHours(1) });

        var held = await harness.TradesAsync("BTCUSDT");
        Assert.Equal(stats.Symbols["BTCUSDT"].Trades + stats.Symbols["BTCUSDT"].Repaired, held.Count);
        Assert.Equal(1, stats.Symbols["BTCUSDT"].BatchesWritten);
    }

    [Fact]
    public async Task Batches_close_at_the_size_limit_and_streams_split_over_connections()
    {
        await using var harness = await LiveHarness.StartAsync(output, Busy);

        var stats = await harness.CollectAsync(LiveHarness.Trades(400), harness.Options with { BatchMaxTrades = 50, StreamsPerConnection = 1 },
            symbols: ["BTCUSDT", "ETHUSDT"]);

        Assert.Equal(2, stats.Connections);
        // Messages, not the id range: a chunk's range also spans the ids of gaps repaired into REST chunks.
        await foreach (var chunk in harness.Store.ListAsync(RawZone.SourcePrefix("BTCUSDT", RawSource.Live)))
            Assert.True((await harness.Store.GetAsync(chunk.Key))!.Count(b => b == '\n') <= 50, chunk.Key);
        Assert.True(stats.Symbols["BTCUSDT"].BatchesWritten >= 2);
        await harness.AssertContiguousAsync("BTCUSDT");
        await harness.AssertContiguousAsync("ETHUSDT");
    }

    [Fact]
    public async Task The_real_btcusdt_capture_replayed_through_the_websocket_lands_exactly()
    {
        await using var harness = await LiveHarness.StartAsync(output, new SimulatorOptions { ReplayFile = RealCaptures.BtcusdtStream });
        var capture = RealCaptures.StreamCaptureTrades(RealCaptures.BtcusdtStream);

        await harness.CollectAsync(LiveHarness.Trades(capture.Count), harness.Options with { WebSocketUrl = new Uri(harness.WebSocketUrl, "?fromId=0") });

        var held = await harness.TradesAsync("BTCUSDT");
        Assert.Equal(capture.Select(c => c.Id), held.Keys);
        Assert.All(capture, c =>
        {
            var t = held[c.Id];
            Assert.Equal((decimal.Parse(c.Price), decimal.Parse(c.Qty), c.TimeMicros, c.IsBuyerMaker, c.IsBestMatch),
                (t.Price, t.Qty, t.TimeMicros, t.IsBuyerMaker, t.IsBestMatch));
        });
    }

    [Fact]
    public async Task An_unknown_symbol_is_refused_before_connecting()
    {
        await using var harness = await LiveHarness.StartAsync(output, Busy);

        var error = await Assert.ThrowsAsync<LiveInputException>(() => harness.CollectAsync(_ => false, symbols: ["NOPEUSDT"]));

        Assert.Contains("NOPEUSDT", error.Message);
        Assert.Equal(0, harness.Simulator.Stats.WsConnections);
    }
}
