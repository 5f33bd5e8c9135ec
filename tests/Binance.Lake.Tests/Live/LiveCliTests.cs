using Binance.Lake.Core.Lake;
using Binance.Lake.Simulator;
using Binance.Lake.Tests.Support;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Live;

/// <summary>`live` and `live-sink` as an operator meets them: a real process, kill -9, exit codes, the metrics file.</summary>
public class LiveCliTests(ITestOutputHelper output)
{
    private static string[] Live(LiveHarness harness, params string[] args) =>
        ["live", "--ws-url", harness.WebSocketUrl.ToString(), "--rest-url", harness.Simulator.BaseUrl.ToString(), "--lake", harness.LakePath, .. args];

    [Fact]
    public async Task Killed_with_sigkill_and_restarted_it_loses_nothing_that_reached_the_lake_and_repairs_the_rest_from_rest()
    {
        await using var harness = await LiveHarness.StartAsync(output, new SimulatorOptions { TradesPerSecond = 200 });
        var liveFolder = Path.Combine(harness.LakePath, RawZone.SourcePrefix("BTCUSDT", RawSource.Live));
        using (var first = CliProcess.Start(Live(harness, "--symbols", "btcusdt", "--batch-max-age", "200ms")))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!(Directory.Exists(liveFolder) && Directory.GetFiles(liveFolder, "*.ndjson").Length >= 3) && DateTime.UtcNow < deadline)
                await Task.Delay(20);
            first.KillHard();
            await first.WaitAsync(TimeSpan.FromSeconds(10));
            output.WriteLine(first.Stderr);
        }
        var beforeRestart = await harness.TradesAsync("BTCUSDT");
        Assert.True(beforeRestart.Count >= 3, $"{beforeRestart.Count} trades reached the lake before the kill");
        await Task.Delay(300); // trades nobody collects

        var metrics = Path.Combine(harness.LakePath, "live.prom");
        var (code, _, stderr) = await CliProcess.RunAsync(Live(harness, "--symbols", "BTCUSDT", "--batch-max-age", "200ms", "--duration", "2s", "--metrics-file", metrics));
        output.WriteLine(stderr);

        Assert.Equal(0, code);
        var range = await harness.AssertContiguousAsync();
        Assert.Equal(beforeRestart.Keys.First(), range.First);
        var after = await harness.TradesAsync("BTCUSDT");
        Assert.All(beforeRestart, t => Assert.Equal(t.Value, after[t.Key]));
        var restFolder = Path.Combine(harness.LakePath, RawZone.SourcePrefix("BTCUSDT", RawSource.Rest));
        Assert.Contains(Directory.GetFiles(restFolder), f => RawZone.ParseChunkRange(f)!.Value.First == beforeRestart.Keys.Last() + 1);
        Assert.Contains($"resuming after trade {beforeRestart.Keys.Last()}", stderr);
        var prometheus = await File.ReadAllTextAsync(metrics);
        Assert.Matches(@"binance_lake_live_trades_total\{process=""live"",symbol=""BTCUSDT""\} [1-9]", prometheus);
        Assert.Contains("binance_lake_live_durable_latency_seconds_count", prometheus);
    }

    [Fact]
    public async Task Sigterm_writes_the_open_batch_and_exits_130()
    {
        await using var harness = await LiveHarness.StartAsync(output, new SimulatorOptions { TradesPerSecond = 200 });
        using var cli = CliProcess.Start(Live(harness, "--symbols", "btcusdt", "--batch-max-age", "1h"));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        // Stop once trades have reached the collector, however slowly a busy machine starts the stream.
        while (harness.Simulator.Stats.WsMessagesSent < 100 && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        await Task.Delay(200);

        cli.Terminate();

        Assert.Equal(130, await cli.WaitAsync(TimeSpan.FromSeconds(30)));
        output.WriteLine(cli.Stderr);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(harness.LakePath, RawZone.SourcePrefix("BTCUSDT", RawSource.Live))));
        await harness.AssertContiguousAsync();
    }

    [Fact]
    public async Task Through_kafka_live_and_live_sink_fill_the_lake_as_the_lake_sink_would()
    {
        using var cluster = KafkaMockCluster.Start();
        await using var harness = await LiveHarness.StartAsync(output, new SimulatorOptions { TradesPerSecond = 200, WsSkipRate = 0.01 });
        string[] kafka = ["--kafka-bootstrap", cluster.BootstrapServers, "--kafka-topic", "cli-test"];

        var (liveCode, _, liveErr) = await CliProcess.RunAsync(Live(harness, ["--symbols", "btcusdt", "--sink", "kafka", "--duration", "3s", .. kafka]));
        output.WriteLine(liveErr);
        Assert.Equal(0, liveCode);
        Assert.False(Directory.Exists(Path.Combine(harness.LakePath, RawZone.SourcePrefix("BTCUSDT", RawSource.Live))));

        var (sinkCode, _, sinkErr) = await CliProcess.RunAsync(["live-sink", "--from", "kafka", "--lake", harness.LakePath, "--batch-max-age", "200ms", "--duration", "8s", .. kafka]);
        output.WriteLine(sinkErr);
        Assert.Equal(0, sinkCode);
        var range = await harness.AssertContiguousAsync();
        Assert.Contains($"stopped after trade {range.Last}", liveErr);
    }

    [Fact]
    public async Task An_unknown_symbol_exits_2_with_a_message()
    {
        await using var harness = await LiveHarness.StartAsync(output, new SimulatorOptions());

        var (code, _, stderr) = await CliProcess.RunAsync(Live(harness, "--symbols", "btcusdt,nopeusdt", "--duration", "5s"));

        Assert.Equal(2, code);
        Assert.Contains("Unknown symbol NOPEUSDT", stderr);
    }

    [Theory]
    [InlineData(new[] { "live", "--symbols", "btcusdt", "--sink", "kafka" }, "--kafka-bootstrap")]
    [InlineData(new[] { "live", "--symbols", "btcusdt", "--sink", "s3" }, "'s3' not recognized")]
    [InlineData(new[] { "live", "--symbols", "btc-usdt" }, "is not a spot pair")]
    [InlineData(new[] { "live", "--symbols", "btcusdt", "--batch-max-age", "soon" }, "--batch-max-age")]
    [InlineData(new[] { "live", "--symbols", "btcusdt", "--ws-url", "http://127.0.0.1:1/" }, "ws://")]
    [InlineData(new[] { "live-sink", "--from", "kafka" }, "--kafka-bootstrap")]
    [InlineData(new[] { "live-sink", "--from", "nats", "--kafka-bootstrap", "x:1" }, "'nats' not recognized")]
    public async Task Bad_usage_exits_1_and_names_the_option(string[] args, string expected)
    {
        var (code, _, stderr) = await CliProcess.RunAsync(args);

        Assert.Equal(1, code);
        Assert.Contains(expected, stderr);
    }
}
