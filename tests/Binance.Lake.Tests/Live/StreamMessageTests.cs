using System.Text;
using Binance.Lake.Extract.Live;

namespace Binance.Lake.Tests.Live;

/// <summary>What the collector reads from each message before keeping it as received.</summary>
public class StreamMessageTests
{
    private const string Payload = """{"e":"trade","E":1723161599123456,"s":"BTCUSDT","t":3735013860,"p":"61234.56000000","q":"0.00100000","T":1723161599123000,"m":true,"M":true}""";

    private static StreamMessage Parse(string json) => StreamMessage.Parse(Encoding.UTF8.GetBytes(json));

    private static string Symbol(string json, StreamMessage m) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(json), m.SymbolStart, m.SymbolLength);

    [Theory]
    [InlineData(Payload)]
    [InlineData($$"""{"stream":"btcusdt@trade","data":{{Payload}}}""")]
    [InlineData("""{"e":"trade","E":1,"s":"BTCUSDT","t":3735013860,"p":"1","q":"2","b":7038593583,"a":7038593613,"T":1723161599123000,"m":false,"M":true}""")]
    public void A_trade_gives_its_id_times_and_symbol(string json)
    {
        var message = Parse(json);

        Assert.Equal(StreamMessageKind.Trade, message.Kind);
        Assert.Equal(3735013860, message.Id);
        Assert.Equal(1723161599123000, message.TradeTime);
        Assert.Equal("BTCUSDT", Symbol(json, message));
    }

    [Theory]
    [InlineData("""{"result":null,"id":1}""", StreamMessageKind.Other)]
    [InlineData("""{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","a":1,"s":"BTCUSDT"}}""", StreamMessageKind.Other)]
    [InlineData("""{"e":"serverShutdown","E":1746700000000}""", StreamMessageKind.ServerShutdown)]
    [InlineData("""{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1746700000000}}""", StreamMessageKind.ServerShutdown)]
    [InlineData("""{"e":"trade","E":1,"s":"BTCUSDT","t":5,"p":"1","T":1,"m":true,"M":true}""", StreamMessageKind.Invalid)]
    [InlineData("""{"e":"trade","E":1,"s":"BTCUSDT","t":"5","p":"1","q":"1","T":1,"m":true,"M":true}""", StreamMessageKind.Invalid)]
    [InlineData("""{"e":"trade","E":1,"s":"BTCUSDT","t":5,"p":1.5,"q":"1","T":1,"m":true,"M":true}""", StreamMessageKind.Invalid)]
    [InlineData("{\"e\":\"trade\",\n\"E\":1,\"s\":\"BTCUSDT\",\"t\":5,\"p\":\"1\",\"q\":\"1\",\"T\":1,\"m\":true,\"M\":true}", StreamMessageKind.Invalid)]
    [InlineData("""{"e":"trade",""", StreamMessageKind.Invalid)]
    [InlineData("""[1,2]""", StreamMessageKind.Invalid)]
    [InlineData("""{"a":1} {"b":2}""", StreamMessageKind.Invalid)]
    public void Other_messages_are_told_apart(string json, StreamMessageKind kind) => Assert.Equal(kind, Parse(json).Kind);

    [Fact]
    public void Combined_urls_hold_at_most_the_streams_per_connection_ask_for_microseconds_and_keep_the_base_query()
    {
        var urls = BinanceStreams.CombinedUrls(new Uri("ws://127.0.0.1:9/?fromId=0"), ["BTCUSDT", "ETHUSDT", "BNBBTC"], 2);

        Assert.Equal(
            ["ws://127.0.0.1:9/stream?streams=btcusdt@trade/ethusdt@trade&timeUnit=MICROSECOND&fromId=0",
             "ws://127.0.0.1:9/stream?streams=bnbbtc@trade&timeUnit=MICROSECOND&fromId=0"],
            urls.Select(u => u.Url.ToString()));
        Assert.Equal(["BNBBTC"], urls[1].Symbols);
        Assert.Equal("wss://stream.binance.com:9443/stream?streams=btcusdt@trade&timeUnit=MICROSECOND",
            BinanceStreams.CombinedUrls(LiveOptions.DefaultWebSocketUrl, ["BTCUSDT"], 1024).Single().Url.ToString());
    }

    [Fact]
    public void Latency_quantiles_come_from_buckets_a_tenth_apart()
    {
        var histogram = new LatencyHistogram();
        var frequency = System.Diagnostics.Stopwatch.Frequency;
        // 99 arrivals 10 ms before durable, one 2 s before.
        histogram.Observe([.. Enumerable.Repeat(frequency - frequency / 100, 99), -frequency], frequency);

        Assert.Equal(100, histogram.Count);
        Assert.InRange(histogram.Quantile(0.5), 0.010, 0.011);
        Assert.InRange(histogram.Quantile(0.99), 0.010, 0.011);
        Assert.InRange(histogram.Quantile(1), 2.0, 2.2);
        Assert.InRange(histogram.SumSeconds, 2.98, 3.0);
    }

    [Fact]
    public void Metrics_render_as_prometheus_text()
    {
        var stats = new LiveStats();
        stats.For("BTCUSDT");
        stats.DurableLatency.Observe([0], System.Diagnostics.Stopwatch.Frequency / 1000);

        var text = PrometheusMetrics.Render(stats, "live");

        Assert.Contains("# TYPE binance_lake_live_reconnects_total counter\nbinance_lake_live_reconnects_total{process=\"live\"} 0\n", text);
        Assert.Contains("binance_lake_live_last_trade_id{process=\"live\",symbol=\"BTCUSDT\"} -1\n", text);
        Assert.Contains("binance_lake_live_durable_latency_seconds_bucket{process=\"live\",le=\"+Inf\"} 1\n", text);
        Assert.Contains("binance_lake_live_durable_latency_seconds_count{process=\"live\"} 1\n", text);
        Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), line =>
            Assert.Matches(@"^(# (HELP|TYPE) \w+ .+|\w+\{[^}]*\} -?[0-9.E+-]+)$", line));
    }
}
