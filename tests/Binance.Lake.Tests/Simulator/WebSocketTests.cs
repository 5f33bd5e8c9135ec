using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Binance.Lake.Simulator;
using Binance.Lake.Tests.Support;

namespace Binance.Lake.Tests.Simulator;

/// <summary>Websocket trade streams: the same trades as REST, in Binance's shapes, from the same clock.</summary>
public sealed class WebSocketTests
{
    private static readonly string[] PayloadFields = ["e", "E", "s", "t", "p", "q", "T", "m", "M"];

    [Fact]
    public async Task Raw_stream_sends_only_new_trades_and_they_equal_rest()
    {
        var clock = new ManualClock(SimulatorTestKit.FixedNow);
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { Clock = clock });
        using var client = SimulatorTestKit.Client(sim);
        long before = await client.NewestIdAsync("BTCUSDT");
        await using var stream = await StreamClient.ConnectAsync(sim, "/ws/btcusdt@trade");
        Assert.True(await stream.SilentForAsync(TimeSpan.FromMilliseconds(200))); // history is REST's job

        clock.Advance(TimeSpan.FromSeconds(30));
        long after = await client.NewestIdAsync("BTCUSDT");
        Assert.InRange(after - before, 20, 1000);
        var messages = await stream.TakeAsync((int)(after - before));
        var rest = await client.TradesAsync($"api/v3/historicalTrades?symbol=BTCUSDT&fromId={before + 1}&limit={after - before}");

        Assert.Equal(rest.Select(r => r.Id), messages.Select(m => m.GetProperty("t").GetInt64()));
        Assert.All(messages.Zip(rest), pair =>
        {
            var (m, r) = pair;
            Assert.Equal(PayloadFields, m.EnumerateObject().Select(p => p.Name));
            Assert.Equal("trade", m.GetProperty("e").GetString());
            Assert.Equal("BTCUSDT", m.GetProperty("s").GetString());
            Assert.Equal(r.Price, m.GetProperty("p").GetString());
            Assert.Equal(r.Qty, m.GetProperty("q").GetString());
            Assert.Equal(r.Time, m.GetProperty("T").GetInt64());
            Assert.Equal(r.IsBuyerMaker, m.GetProperty("m").GetBoolean());
            Assert.True(m.GetProperty("M").GetBoolean());
            Assert.InRange(m.GetProperty("E").GetInt64() - r.Time, 0, 3);
        });
        Assert.True(await stream.SilentForAsync(TimeSpan.FromMilliseconds(200))); // nothing beyond the clock
        Assert.Equal(1, sim.Stats.WsConnections);
        Assert.Equal(after - before, sim.Stats.WsMessagesSent);
    }

    [Fact]
    public async Task Combined_stream_wraps_each_symbol_and_interleaves_in_time_order()
    {
        var clock = new ManualClock(SimulatorTestKit.FixedNow);
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { Clock = clock });
        using var client = SimulatorTestKit.Client(sim);
        long btc = await client.NewestIdAsync("BTCUSDT"), eth = await client.NewestIdAsync("ETHUSDT");
        await using var stream = await StreamClient.ConnectAsync(sim, "/stream?streams=btcusdt@trade/ethusdt@trade");

        clock.Advance(TimeSpan.FromSeconds(20));
        long btcAfter = await client.NewestIdAsync("BTCUSDT"), ethAfter = await client.NewestIdAsync("ETHUSDT");
        var messages = await stream.TakeAsync((int)(btcAfter - btc + ethAfter - eth));

        Assert.All(messages, m => Assert.Equal(["stream", "data"], m.EnumerateObject().Select(p => p.Name)));
        var times = messages.Select(m => m.GetProperty("data").GetProperty("T").GetInt64()).ToList();
        Assert.Equal(times.Order(), times);
        foreach (var (name, symbol, from, to) in new[] { ("btcusdt@trade", "BTCUSDT", btc, btcAfter), ("ethusdt@trade", "ETHUSDT", eth, ethAfter) })
        {
            var data = messages.Where(m => m.GetProperty("stream").GetString() == name).Select(m => m.GetProperty("data")).ToList();
            Assert.All(data, d => Assert.Equal(symbol, d.GetProperty("s").GetString()));
            Assert.Equal(Enumerable.Range(0, (int)(to - from)).Select(i => from + 1 + i), data.Select(d => d.GetProperty("t").GetInt64()));
        }
    }

    [Theory]
    [InlineData("MICROSECOND")]
    [InlineData("microsecond")]
    public async Task TimeUnit_microsecond_gives_both_times_in_microseconds(string unit)
    {
        await using var sim = await SimulatorTestKit.StartAsync();
        using var us = SimulatorTestKit.Client(sim, "MICROSECOND");
        await using var stream = await StreamClient.ConnectAsync(sim, $"/ws/btcusdt@trade?timeUnit={unit}&fromId=5000");
        var messages = await stream.TakeAsync(200);
        var rest = await us.TradesAsync("api/v3/historicalTrades?symbol=BTCUSDT&fromId=5000&limit=200");
        Assert.Equal(rest.Select(r => (r.Id, r.Time)), messages.Select(m => (m.GetProperty("t").GetInt64(), m.GetProperty("T").GetInt64())));
        Assert.All(messages, m => Assert.InRange(m.GetProperty("E").GetInt64() - m.GetProperty("T").GetInt64(), 200, 3000));
    }

    [Fact]
    public async Task FromId_replays_the_real_capture_exactly()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { ReplayFile = RealCaptures.BtcusdtStream });
        var capture = RealCaptures.StreamCaptureTrades(RealCaptures.BtcusdtStream);
        await using var stream = await StreamClient.ConnectAsync(sim, "/stream?streams=btcusdt@trade&fromId=0");
        var messages = await stream.TakeAsync(capture.Count);

        Assert.Equal(9757, messages.Count);
        Assert.All(messages.Zip(capture), pair =>
        {
            using var recorded = JsonDocument.Parse(pair.Second.Json);
            Assert.Equal(WithoutEventTime(recorded.RootElement), WithoutEventTime(pair.First));
        });
        Assert.True(await stream.SilentForAsync(TimeSpan.FromMilliseconds(300))); // a replay does not grow
    }

    [Fact]
    public async Task Without_fromId_a_replay_sends_nothing_because_its_trades_are_past()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { ReplayFile = RealCaptures.BtcusdtStream });
        await using var stream = await StreamClient.ConnectAsync(sim, "/ws/btcusdt@trade");
        Assert.True(await stream.SilentForAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Several_streams_in_the_ws_path_send_raw_events()
    {
        await using var sim = await SimulatorTestKit.StartAsync();
        await using var stream = await StreamClient.ConnectAsync(sim, "/ws/btcusdt@trade/ethusdt@trade?fromId=0");
        var messages = await stream.TakeAsync(400);
        Assert.Equal(["BTCUSDT", "ETHUSDT"], messages.Select(m => m.GetProperty("s").GetString()).Distinct().Order());
        Assert.All(messages, m => Assert.Equal(PayloadFields, m.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task Live_subscribe_list_and_unsubscribe_answer_like_binance()
    {
        var clock = new ManualClock(SimulatorTestKit.FixedNow);
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { Clock = clock });
        using var client = SimulatorTestKit.Client(sim);
        await using var stream = await StreamClient.ConnectAsync(sim, "/ws");

        await stream.SendAsync("""{"method":"SUBSCRIBE","params":["btcusdt@trade","ethusdt@trade"],"id":1}""");
        Assert.Equal("""{"result":null,"id":1}""", await stream.NextAsync());
        await stream.SendAsync("""{"method":"LIST_SUBSCRIPTIONS","id":"list2"}""");
        Assert.Equal("""{"result":["btcusdt@trade","ethusdt@trade"],"id":"list2"}""", await stream.NextAsync());
        await stream.SendAsync("""{"method":"UNSUBSCRIBE","params":["ethusdt@trade"],"id":3}""");
        Assert.Equal("""{"result":null,"id":3}""", await stream.NextAsync());

        await stream.SendAsync("""{"method":"SUBSCRIB","params":["btcusdt@trade"],"id":4}""");
        Assert.Equal(2, await ErrorCodeAsync(stream, 4));
        await stream.SendAsync("""{"method":"SUBSCRIBE","params":["foousdt@trade"],"id":5}""");
        Assert.Equal(2, await ErrorCodeAsync(stream, 5));
        await stream.SendAsync("not json");
        Assert.Equal(3, await ErrorCodeAsync(stream, null));

        long before = await client.NewestIdAsync("BTCUSDT");
        clock.Advance(TimeSpan.FromSeconds(10));
        long after = await client.NewestIdAsync("BTCUSDT");
        var messages = await stream.TakeAsync((int)(after - before));
        Assert.All(messages, m => Assert.Equal("BTCUSDT", m.GetProperty("s").GetString()));
        Assert.Equal(after, messages[^1].GetProperty("t").GetInt64());
        Assert.True(await stream.SilentForAsync(TimeSpan.FromMilliseconds(200)));
    }

    [Theory]
    [InlineData("/ws/foousdt@trade", -1121)]
    [InlineData("/ws/btcusdt@depth", -1100)]
    [InlineData("/ws/BTCUSDT@trade", -1100)]
    [InlineData("/stream?streams=btcusdt@trade/xyzusdt@trade", -1121)]
    [InlineData("/ws/btcusdt@trade?timeUnit=SECOND", -1100)]
    [InlineData("/ws/btcusdt@trade?fromId=-1", -1100)]
    public async Task Handshakes_asking_for_what_is_not_served_are_refused_with_400(string path, int code)
    {
        await using var sim = await SimulatorTestKit.StartAsync();
        using var raw = await RawWebSocket.ConnectAsync(sim, path);
        Assert.Equal(400, raw.Status);
        using var body = JsonDocument.Parse(raw.Body);
        Assert.Equal(code, body.RootElement.GetProperty("code").GetInt32());
        Assert.Equal(0, sim.Stats.WsConnections);
    }

    [Fact]
    public async Task A_client_websocket_sees_the_refusal_at_connect_and_plain_gets_are_rest_404s()
    {
        await using var sim = await SimulatorTestKit.StartAsync();
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(StreamClient.Url(sim, "/ws/foousdt@trade"), CancellationToken.None));
        Assert.Equal(HttpStatusCode.BadRequest, socket.HttpStatusCode);

        using var client = SimulatorTestKit.Client(sim);
        Assert.Equal(404, (await client.GetRawAsync("ws/btcusdt@trade")).Status);
    }

    private static async Task<int> ErrorCodeAsync(StreamClient stream, int? id)
    {
        var reply = await stream.NextJsonAsync();
        Assert.Equal(id, reply.GetProperty("id").ValueKind == JsonValueKind.Null ? null : reply.GetProperty("id").GetInt32());
        return reply.GetProperty("error").GetProperty("code").GetInt32();
    }

    /// <summary>Every field but E, which the simulator derives rather than records.</summary>
    private static string WithoutEventTime(JsonElement message) => message.ValueKind == JsonValueKind.Object
        ? string.Join(",", message.EnumerateObject().Where(p => p.Name != "E").Select(p => $"{p.Name}:{WithoutEventTime(p.Value)}"))
        : message.GetRawText();
}
