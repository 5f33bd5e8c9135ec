using Binance.Lake.Extract.Live;
using Binance.Lake.Extract.Live.Sinks;
using Binance.Lake.Simulator;
using Binance.Lake.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Live;

/// <summary>
/// The Kafka path end to end on librdkafka's mock cluster (no broker can be installed here): collector → topic →
/// live-sink → the same raw chunks the embedded path writes, with offsets committed once the chunks are durable.
/// </summary>
public class KafkaSinkTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Trades_and_repairs_go_through_the_topic_into_the_lake_and_a_restarted_sink_finds_nothing_left()
    {
        using var cluster = KafkaMockCluster.Start();
        var topic = new KafkaTopic(cluster.BootstrapServers, "trades-test");
        await using var harness = await LiveHarness.StartAsync(output, new SimulatorOptions { TradesPerSecond = 200, WsSkipRate = 0.02 });
        var logger = new TestOutputLogger(output);

        LiveStats collected;
        await using (var sink = new KafkaSink(topic, logger))
            collected = await harness.CollectAsync(s => s.For("BTCUSDT") is { Trades: >= 300, Repaired: > 0 },
                harness.Options with { BatchMaxTrades = 100, BatchMaxAge = TimeSpan.FromMilliseconds(100) }, sink);
        var btc = collected.Symbols["BTCUSDT"];

        var consumed = await ConsumeAsync(topic, harness, logger, s => s.Symbols.TryGetValue("BTCUSDT", out var b) && b.Trades >= btc.Trades && b.Repaired >= btc.Repaired);
        Assert.Equal(btc.Trades, consumed.Symbols["BTCUSDT"].Trades);
        var range = await harness.AssertContiguousAsync();
        Assert.Equal(range.Count, btc.Trades + btc.Repaired);

        var again = await ConsumeAsync(topic, harness, logger, _ => false, TimeSpan.FromSeconds(5));
        Assert.Equal(0, again.Messages);
    }

    private static async Task<LiveStats> ConsumeAsync(KafkaTopic topic, LiveHarness harness, ILogger logger, Func<LiveStats, bool> done, TimeSpan? atMost = null)
    {
        var consumer = new KafkaSinkConsumer(topic, "test-sink", new LakeSink(harness.Store),
            new LiveOptions { BatchMaxAge = TimeSpan.FromMilliseconds(200) }, logger);
        await LiveHarness.RunUntilAsync(consumer.RunAsync, () => done(consumer.Stats), atMost);
        return consumer.Stats;
    }
}
