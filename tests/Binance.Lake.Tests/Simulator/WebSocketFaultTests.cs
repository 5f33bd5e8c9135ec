using System.Net.WebSockets;
using System.Text.Json;
using Binance.Lake.Simulator;

namespace Binance.Lake.Tests.Simulator;

/// <summary>Pings, the lifetime cut and the stream faults, with timings scaled down to fractions of a second.</summary>
public sealed class WebSocketFaultTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Server_pings_and_aborts_a_client_that_never_answers()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions
        {
            WsPingInterval = TimeSpan.FromMilliseconds(100),
            WsPongTimeout = TimeSpan.FromMilliseconds(500),
        });
        using var raw = await RawWebSocket.ConnectAsync(sim, "/ws/btcusdt@trade");
        Assert.Equal(101, raw.Status);
        var first = await raw.ReadFrameAsync();
        Assert.Equal(RawWebSocket.PingOpcode, first?.Opcode);
        // No pong ever goes back: the server ends the connection (frozen clock, so nothing but pings comes first).
        while (await raw.ReadFrameAsync() is { } frame) Assert.Equal(RawWebSocket.PingOpcode, frame.Opcode);
    }

    [Fact]
    public async Task A_client_that_answers_pings_stays_connected()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions
        {
            WsPingInterval = TimeSpan.FromMilliseconds(100),
            WsPongTimeout = TimeSpan.FromSeconds(2), // margin for a loaded machine; still well inside the 3 s watched
        });
        await using var stream = await StreamClient.ConnectAsync(sim, "/ws/btcusdt@trade");
        Assert.True(await stream.SilentForAsync(TimeSpan.FromSeconds(3)));
        Assert.Equal(WebSocketState.Open, stream.State);
    }

    [Fact]
    public async Task Lifetime_ends_the_connection_with_a_close_frame()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { WsLifetime = TimeSpan.FromMilliseconds(300) });
        await using var stream = await StreamClient.ConnectAsync(sim, "/ws/btcusdt@trade");
        Assert.Null(await stream.NextAsync());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, stream.CloseStatus);
        Assert.Equal(1, sim.Stats.WsLifetimeCloses);
    }

    [Fact]
    public async Task Drop_aborts_each_connection_without_a_close_frame()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { WsDropEvery = TimeSpan.FromMilliseconds(300) });
        for (int i = 1; i <= 2; i++)
        {
            // On a loaded machine the drop may come before the client has read the handshake: a failed connect is a drop too.
            // A close frame would make NextAsync return null instead of throwing.
            await Assert.ThrowsAsync<WebSocketException>(async () =>
            {
                await using var stream = await StreamClient.ConnectAsync(sim, "/ws/btcusdt@trade");
                await stream.NextAsync();
            });
            Assert.Equal(i, sim.Stats.WsDrops);
        }
        Assert.Equal(0, sim.Stats.WsLifetimeCloses);
    }

    [Fact]
    public async Task Skipped_ids_are_never_sent_on_any_connection_but_rest_has_them()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { WsSkipRate = 0.2 });
        using var client = SimulatorTestKit.Client(sim);
        long newest = await client.NewestIdAsync("BTCUSDT");
        long from = newest - 1999;

        var missingPerConnection = new List<long[]>();
        for (int i = 0; i < 2; i++)
        {
            await using var stream = await StreamClient.ConnectAsync(sim, $"/ws/btcusdt@trade?fromId={from}");
            var ids = (await stream.TakeUntilAsync(m => Id(m) >= newest - 20)).Select(Id).ToList();
            Assert.Equal(ids.Order(), ids);
            missingPerConnection.Add(Range(from, ids[^1]).Except(ids).ToArray());
        }
        Assert.Equal(missingPerConnection[0], missingPerConnection[1]);
        Assert.InRange(missingPerConnection[0].Length, 250, 550);

        var rest = (await client.TradesAsync($"api/v3/historicalTrades?symbol=BTCUSDT&fromId={from}&limit=1000"))
            .Concat(await client.TradesAsync($"api/v3/historicalTrades?symbol=BTCUSDT&fromId={from + 1000}&limit=1000"))
            .Select(t => t.Id);
        Assert.Equal(Range(from, newest), rest);
        Assert.True(sim.Stats.WsSkipped >= 2 * missingPerConnection[0].Length);
    }

    [Fact]
    public async Task Repeated_messages_come_twice_in_a_row()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { WsRepeatRate = 0.2 });
        using var client = SimulatorTestKit.Client(sim);
        long newest = await client.NewestIdAsync("BTCUSDT");
        long from = newest - 1999;
        await using var stream = await StreamClient.ConnectAsync(sim, $"/ws/btcusdt@trade?fromId={from}");

        var messages = await stream.TakeUntilAsync(m => Id(m) == newest);
        while (!await stream.SilentForAsync(Quiet)) messages.Add(await stream.NextJsonAsync()); // the last one may repeat too
        var texts = messages.Select(m => m.GetRawText()).ToList();
        int repeats = texts.Zip(texts.Skip(1)).Count(p => p.First == p.Second);

        Assert.Equal(Range(from, newest), messages.Select(Id).Distinct());
        Assert.Equal(2000 + repeats, messages.Count);
        Assert.InRange(repeats, 250, 550);
        Assert.Equal(repeats, sim.Stats.WsRepeated);
        Assert.Equal(messages.Count, sim.Stats.WsMessagesSent);
    }

    [Fact]
    public async Task Stall_keeps_the_connection_open_but_sends_nothing_more()
    {
        var clock = new ManualClock(SimulatorTestKit.FixedNow);
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions
        {
            Clock = clock,
            WsStallEvery = TimeSpan.FromSeconds(2),
        });
        await using var stream = await StreamClient.ConnectAsync(sim, "/ws/btcusdt@trade");
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("trade", (await stream.NextJsonAsync()).GetProperty("e").GetString());

        await WaitUntilAsync(() => sim.Stats.WsStalls == 1);
        while (!await stream.SilentForAsync(Quiet)) await stream.NextAsync(); // what was sent before the stall
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await stream.SilentForAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal(WebSocketState.Open, stream.State);

        await stream.CloseAsync();
        Assert.Equal(WebSocketCloseStatus.NormalClosure, stream.CloseStatus);
    }

    private static long Id(JsonElement message) => message.GetProperty("t").GetInt64();

    private static IEnumerable<long> Range(long first, long last)
    {
        for (long id = first; id <= last; id++) yield return id;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + StreamClient.Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(20);
        }
    }
}
