using System.IO.Compression;
using System.Text.Json;
using Binance.Lake.Extract.Backfill.IdLocators;
using Binance.Lake.Extract.Rest;
using Binance.Lake.Simulator;
using Binance.Lake.Tests.Support;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Backfill;

/// <summary>
/// Date → first trade id, two ways: one aggTrades request, and the brief's interpolation search. They must
/// agree with each other and with the definition: the trade before has an earlier time, the trade found does not.
/// </summary>
public class IdLocatorAgreementTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Both_locators_find_the_same_first_trade_at_any_instant_of_a_generated_history()
    {
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions { TradesPerSecond = 3, Symbols = ["BTCUSDT"] });
        using var client = harness.NewClient();
        await client.ConnectAsync(CancellationToken.None);
        var newest = (await client.GetRecentTradesAsync("BTCUSDT", 1, CancellationToken.None)).Trades[0];
        var oldest = (await client.GetHistoricalTradesAsync("BTCUSDT", 0, 1, CancellationToken.None)).Trades[0];
        var random = new Random(20240808);
        var instants = Enumerable.Range(0, 12)
            .Select(_ => oldest.Time + (newest.Time - oldest.Time) * random.NextDouble())
            .Concat([oldest.Time.Date.AddDays(3), newest.Time.Date, newest.Time.Date.AddDays(-1).AddHours(14.5)]) // midnights, the busy hour
            .Select(t => new DateTimeOffset(t.Ticks - t.Ticks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero));
        var aggTrades = new AggTradesIdLocator(client);
        var interpolation = new InterpolationIdLocator(client);

        foreach (var instant in instants)
        {
            var viaAggTrades = await aggTrades.FirstIdAtOrAfterAsync("BTCUSDT", instant, newest, CancellationToken.None);
            var viaSearch = await interpolation.FirstIdAtOrAfterAsync("BTCUSDT", instant, newest, CancellationToken.None);

            Assert.Equal(viaAggTrades, viaSearch);
            Assert.True((await harness.TradeAsync("BTCUSDT", viaAggTrades - 1)).Time < instant);
            Assert.True((await harness.TradeAsync("BTCUSDT", viaAggTrades)).Time >= instant);
        }
        output.WriteLine($"interpolation search: {interpolation.Probes} pages for 15 instants over {newest.Id:N0} trades");
    }

    [Fact]
    public async Task Both_locators_find_midnight_in_the_real_btcusdt_capture()
    {
        var capture = RepositoryPaths.Fixture("binance/btcusdt_20240808.trade-stream.gz");
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions { ReplayFile = capture, Symbols = [] });
        using var client = harness.NewClient();
        await client.ConnectAsync(CancellationToken.None);
        var newest = (await client.GetRecentTradesAsync("BTCUSDT", 1, CancellationToken.None)).Trades[0];
        var midnight = new DateTimeOffset(2024, 8, 9, 0, 0, 0, TimeSpan.Zero);

        var viaAggTrades = await new AggTradesIdLocator(client).FirstIdAtOrAfterAsync("BTCUSDT", midnight, newest, CancellationToken.None);
        var viaSearch = await new InterpolationIdLocator(client, pageSize: 100).FirstIdAtOrAfterAsync("BTCUSDT", midnight, newest, CancellationToken.None);

        Assert.Equal(FirstIdAtOrAfterInCapture(capture, midnight.ToUnixTimeMilliseconds()), viaAggTrades);
        Assert.Equal(viaAggTrades, viaSearch);
    }

    /// <summary>The answer read straight from the file, without the simulator or the client.</summary>
    private static long FirstIdAtOrAfterInCapture(string path, long timeMs)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
        {
            using var message = JsonDocument.Parse(line[(line.IndexOf(' ') + 1)..]);
            if (message.RootElement.TryGetProperty("stream", out var stream) && stream.GetString() == "btcusdt@trade"
                && message.RootElement.GetProperty("data").GetProperty("T").GetInt64() >= timeMs)
                return message.RootElement.GetProperty("data").GetProperty("t").GetInt64();
        }
        throw new InvalidDataException("no trade at or after the time in the capture");
    }
}
