using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Binance.Lake.Simulator;
using Binance.Lake.Tests.Support;

namespace Binance.Lake.Tests.Simulator;

/// <summary>Serving real captures: ids, values and times exactly as recorded.</summary>
public sealed class ReplayTests
{
    private static readonly string StreamCapture = RepositoryPaths.Fixture("binance/btcusdt_20240808.trade-stream.gz");
    private static readonly string CsvCapture = RepositoryPaths.Fixture("binance/trxusdt_20250304.trade-stream.csv");

    [Fact]
    public async Task Stream_capture_is_served_verbatim_and_replaces_the_generated_symbol()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { ReplayFile = StreamCapture, WeightLimit = 1_000_000 });
        using var client = SimulatorTestKit.Client(sim);
        using var us = SimulatorTestKit.Client(sim, "MICROSECOND");

        var all = await PageAllAsync(client, "BTCUSDT");
        Assert.Equal(9757, all.Count);
        Assert.Equal(3735683259, all[0].Id);
        Assert.Equal(3735693015, all[^1].Id);
        Assert.All(all.Zip(all.Skip(1)), p => Assert.Equal(p.First.Id + 1, p.Second.Id));

        // First line of the capture: {"t":3735683259,"p":"61837.63000000","q":"0.02000000","T":1723161255342,"m":true,"M":true}
        Assert.Equal(new TradeRow(3735683259, "61837.63000000", "0.02000000", "1236.75260000", 1723161255342, true, true), all[0]);
        var expected = ReadStreamCapture(StreamCapture);
        Assert.Equal(expected.Select(e => (e.Id, e.Price, e.Qty, e.Time, e.Maker)), all.Select(t => (t.Id, t.Price, t.Qty, t.Time, t.IsBuyerMaker)));
        Assert.All(all, t => Assert.Equal(QuoteQty(t.Price, t.Qty), t.QuoteQty));

        var firstUs = (await us.TradesAsync("api/v3/historicalTrades?symbol=BTCUSDT&fromId=3735683259&limit=1")).Single();
        Assert.Equal(1723161255342000, firstUs.Time);

        // Recent trades end at the capture's last id; the generated ETHUSDT is still there.
        Assert.Equal(3735693015, (await client.TradesAsync("api/v3/trades?symbol=BTCUSDT&limit=5"))[^1].Id);
        Assert.Single(await client.TradesAsync("api/v3/trades?symbol=ETHUSDT&limit=1"));
        using var info = JsonDocument.Parse(await client.GetStringAsync("api/v3/exchangeInfo"));
        Assert.Equal(["BTCUSDT", "ETHUSDT"], info.RootElement.GetProperty("symbols").EnumerateArray().Select(s => s.GetProperty("symbol").GetString()));
    }

    [Fact]
    public async Task Stream_capture_aggregates_group_same_time_price_and_side()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { ReplayFile = StreamCapture, WeightLimit = 1_000_000 });
        using var client = SimulatorTestKit.Client(sim);
        var aggs = new List<AggRow>();
        for (long from = 0; ; from = aggs[^1].A + 1)
        {
            var page = await client.AggsAsync($"api/v3/aggTrades?symbol=BTCUSDT&fromId={from}&limit=1000");
            if (page.Count == 0) break;
            aggs.AddRange(page);
        }
        Assert.Equal(5813, aggs.Count);
        Assert.Equal(3735683259, aggs[0].F);
        Assert.Equal(3735693015, aggs[^1].L);
        Assert.All(aggs.Zip(aggs.Skip(1)), p =>
        {
            Assert.Equal(p.First.L + 1, p.Second.F);
            Assert.False(p.First.T == p.Second.T && p.First.P == p.Second.P && p.First.M == p.Second.M);
        });

        // startTime inside the capture finds the first aggregate at or after it.
        long start = 1723161400000;
        var fromTime = (await client.AggsAsync($"api/v3/aggTrades?symbol=BTCUSDT&startTime={start}&limit=1")).Single();
        int index = aggs.FindIndex(a => a.T >= start);
        Assert.Equal(aggs[index], fromTime);
    }

    [Fact]
    public async Task Csv_capture_keeps_microseconds_and_is_added_beside_generated_symbols()
    {
        var clock = new ManualClock(SimulatorTestKit.FixedNow);
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { Symbols = ["BTCUSDT"], ReplayFile = CsvCapture, Clock = clock, WeightLimit = 1_000_000 });
        using var client = SimulatorTestKit.Client(sim);
        using var us = SimulatorTestKit.Client(sim, "MICROSECOND");

        var all = await PageAllAsync(us, "TRXUSDT");
        Assert.Equal(10_000, all.Count);
        Assert.Equal(348656870, all[0].Id);
        Assert.Equal(348666869, all[^1].Id);
        Assert.All(all.Zip(all.Skip(1)), p => Assert.Equal(p.First.Id + 1, p.Second.Id));
        // Row 1: ...,1741046401271497,TRXUSDT,348656870,0.2312,2619.4,1,True
        Assert.Equal(new TradeRow(348656870, "0.23120000", "2619.40000000", "605.60528000", 1741046401271497, true, true), all[0]);
        Assert.False(all[1].IsBuyerMaker);
        Assert.All(all, t => Assert.Equal(QuoteQty(t.Price, t.Qty), t.QuoteQty));

        var inMs = await client.TradesAsync("api/v3/historicalTrades?symbol=TRXUSDT&fromId=0&limit=1000");
        Assert.Equal(all.Take(1000).Select(t => t.Time / 1000), inMs.Select(t => t.Time));

        using var info = JsonDocument.Parse(await client.GetStringAsync("api/v3/exchangeInfo"));
        var symbols = info.RootElement.GetProperty("symbols").EnumerateArray().ToList();
        Assert.Equal(["BTCUSDT", "TRXUSDT"], symbols.Select(s => s.GetProperty("symbol").GetString()));
        Assert.Equal("TRX", symbols[1].GetProperty("baseAsset").GetString());

        // A replay does not grow with time.
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(348666869, (await client.TradesAsync("api/v3/trades?symbol=TRXUSDT&limit=1")).Single().Id);
    }

    [Fact]
    public async Task Unreadable_replay_file_fails_to_start()
    {
        string path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "this is not a capture\n");
            await Assert.ThrowsAsync<InvalidDataException>(() => SimulatorTestKit.StartAsync(new SimulatorOptions { ReplayFile = path }));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<List<TradeRow>> PageAllAsync(HttpClient client, string symbol)
    {
        var all = new List<TradeRow>();
        for (long from = 0; ; from = all[^1].Id + 1)
        {
            var page = await client.TradesAsync($"api/v3/historicalTrades?symbol={symbol}&fromId={from}&limit=1000");
            if (page.Count == 0) return all;
            all.AddRange(page);
        }
    }

    /// <summary>Binance truncates quoteQty to 8 decimals (checked on a real ETHBTC page).</summary>
    private static string QuoteQty(string price, string qty)
    {
        decimal exact = decimal.Parse(price, CultureInfo.InvariantCulture) * decimal.Parse(qty, CultureInfo.InvariantCulture);
        return (Math.Truncate(exact * 100_000_000m) / 100_000_000m).ToString("0.00000000", CultureInfo.InvariantCulture);
    }

    private static List<(long Id, string Price, string Qty, long Time, bool Maker)> ReadStreamCapture(string path)
    {
        var result = new List<(long, string, string, long, bool)>();
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
        {
            if (!line.Contains("@trade\"")) continue;
            using var doc = JsonDocument.Parse(line[(line.IndexOf(' ') + 1)..]);
            var d = doc.RootElement.GetProperty("data");
            result.Add((d.GetProperty("t").GetInt64(), d.GetProperty("p").GetString()!, d.GetProperty("q").GetString()!,
                d.GetProperty("T").GetInt64(), d.GetProperty("m").GetBoolean()));
        }
        return result;
    }
}
