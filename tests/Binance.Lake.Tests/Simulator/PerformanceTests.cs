using System.Diagnostics;
using System.Net.WebSockets;
using Binance.Lake.Simulator;
using Binance.Lake.Simulator.Http;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Simulator;

public sealed class PerformanceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_page_of_1000_trades_takes_well_under_a_few_milliseconds()
    {
        await using var sim = await SimulatorTestKit.StartAsync();
        var history = sim.Catalog.All[0];
        long now = (SimulatorTestKit.FixedNow - DateTimeOffset.UnixEpoch).Ticks / 10;
        long newest = history.NewestId(now);
        var random = new Random(3);
        for (int i = 0; i < 50; i++) history.GetTrades(random.NextInt64(newest), 1000, now); // warm-up (JIT, index)

        const int pages = 300;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < pages; i++) Assert.Equal(1000, history.GetTrades(random.NextInt64(newest - 1000), 1000, now).Count);
        double generate = watch.Elapsed.TotalMilliseconds / pages;

        watch.Restart();
        for (int i = 0; i < pages; i++) TradeJson.Trades(history.GetTrades(random.NextInt64(newest - 1000), 1000, now), TimeUnit.Millisecond);
        double withJson = watch.Elapsed.TotalMilliseconds / pages;

        watch.Restart();
        for (int i = 0; i < pages; i++) history.GetAggTrades(random.NextInt64(newest / 2), 1000, now);
        double aggs = watch.Elapsed.TotalMilliseconds / pages;

        output.WriteLine($"1000 trades: {generate:F3} ms generate, {withJson:F3} ms with JSON; 1000 aggTrades: {aggs:F3} ms");
        // Loose bound so a busy CI machine does not flake; typical is ~0.2 ms.
        Assert.True(withJson < 5, $"{withJson:F3} ms per page");
    }

    [Fact]
    public async Task A_fromId_stream_sends_hundreds_of_thousands_of_messages_per_second()
    {
        await using var sim = await SimulatorTestKit.StartAsync();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(StreamClient.Url(sim, "/ws/btcusdt@trade?fromId=0"), CancellationToken.None);
        var buffer = new byte[4096];
        await ReceiveAsync(socket, buffer, 100_000); // warm-up (JIT)

        const int messages = 400_000;
        var watch = Stopwatch.StartNew();
        await ReceiveAsync(socket, buffer, messages);
        double rate = messages / watch.Elapsed.TotalSeconds;

        output.WriteLine($"one fromId connection: {rate:F0} msg/s (client in the same process)");
        // Loose bound so a busy CI machine does not flake; typical is several hundred thousand.
        Assert.True(rate > 20_000, $"{rate:F0} msg/s");
    }

    private static async Task ReceiveAsync(ClientWebSocket socket, byte[] buffer, int messages)
    {
        for (int n = 0; n < messages;)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            if (result.EndOfMessage) n++;
        }
    }
}
