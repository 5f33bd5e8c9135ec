using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Binance.Lake.Simulator;
using Binance.Lake.Tests.Support;

namespace Binance.Lake.Tests.Simulator;

/// <summary>One archive download: status, body and the headers a downloader looks at.</summary>
public sealed record ArchiveResponse(int Status, byte[] Body, string ContentType, long? ContentLength, string? ETag,
    DateTimeOffset? LastModified, bool HasWeightHeader)
{
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>The CSV rows of the zip's single entry, which must be named like the zip.</summary>
    public List<string> Rows(string csvName)
    {
        Assert.Equal(200, Status);
        using var zip = new ZipArchive(new MemoryStream(Body), ZipArchiveMode.Read);
        var entry = Assert.Single(zip.Entries);
        Assert.Equal(csvName, entry.FullName);
        using var reader = new StreamReader(entry.Open());
        string csv = reader.ReadToEnd();
        if (csv.Length == 0) return [];
        Assert.EndsWith("\n", csv);
        Assert.DoesNotContain("\r", csv);
        return [.. csv[..^1].Split('\n')];
    }
}

/// <summary>The bulk archive (data/spot/{daily,monthly}/trades) served from the same history as REST.</summary>
public sealed class ArchiveTests
{
    private static readonly Regex ChecksumLine = new("^([0-9a-f]{64})  (\\S+)\n$");

    /// <summary>About 4,300 trades a day: enough rows, fast builds.</summary>
    private static readonly SimulatorOptions Quiet = new() { TradesPerSecond = 0.05 };

    /// <summary>One day in the monthly file of October 2026 and one day of November, whose month is not over at FixedNow.</summary>
    private static readonly DateOnly[] FaultDays = [new(2026, 10, 20), new(2026, 11, 18)];

    [Fact]
    public async Task Daily_file_rows_are_the_days_historicalTrades_id_for_id()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { TradesPerSecond = 0.2 });
        using var archive = SimulatorTestKit.Client(sim);
        using var us = SimulatorTestKit.Client(sim, "MICROSECOND");

        var rows = (await archive.ArchiveAsync(Daily("BTCUSDT", "2026-11-19"))).Rows("BTCUSDT-trades-2026-11-19.csv");
        Assert.InRange(rows.Count, 10_000, 30_000);
        var rest = await AssertSameAsRestAsync(us, "BTCUSDT", rows);

        // Exactly the day: the REST neighbours of the first and last rows lie outside it.
        long dayStart = Micros("2026-11-19"), dayEnd = Micros("2026-11-20");
        Assert.All(rest, t => Assert.InRange(t.Time, dayStart, dayEnd - 1));
        var before = await us.TradesAsync($"api/v3/historicalTrades?symbol=BTCUSDT&fromId={rest[0].Id - 1}&limit=1");
        var after = await us.TradesAsync($"api/v3/historicalTrades?symbol=BTCUSDT&fromId={rest[^1].Id + 1}&limit=1");
        Assert.True(before.Single().Time < dayStart);
        Assert.True(after.Single().Time >= dayEnd);
    }

    [Fact]
    public async Task Monthly_file_is_its_daily_files_concatenated_and_covers_only_history_days()
    {
        // FixedNow is 2026-11-20 with 45 history days: history starts 2026-10-06.
        await using var sim = await SimulatorTestKit.StartAsync(Quiet);
        using var client = SimulatorTestKit.Client(sim);

        var daily = new List<string>();
        for (var day = new DateOnly(2026, 10, 1); day.Month == 10; day = day.AddDays(1))
        {
            string date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var response = await client.ArchiveAsync(Daily("ETHUSDT", date));
            if (day.Day < 6)
            {
                Assert.Equal(404, response.Status);
                continue;
            }
            daily.AddRange(response.Rows($"ETHUSDT-trades-{date}.csv"));
        }
        var monthly = (await client.ArchiveAsync(Monthly("ETHUSDT", "2026-10"))).Rows("ETHUSDT-trades-2026-10.csv");
        Assert.Equal(daily, monthly);
        Assert.StartsWith("0,", monthly[0]);

        Assert.Equal(404, (await client.ArchiveAsync(Monthly("ETHUSDT", "2026-09"))).Status); // before history
        Assert.Equal(404, (await client.ArchiveAsync(Monthly("ETHUSDT", "2026-11"))).Status); // month not over
    }

    [Fact]
    public async Task Times_are_milliseconds_before_2025_and_microseconds_from_2025()
    {
        // 45 history days before 2025-01-20 start on 2024-12-06, across the switch.
        var clock = new ManualClock(new DateTimeOffset(2025, 1, 20, 12, 0, 0, TimeSpan.Zero));
        await using var sim = await SimulatorTestKit.StartAsync(Quiet with { Clock = clock });
        using var client = SimulatorTestKit.Client(sim);
        using var us = SimulatorTestKit.Client(sim, "MICROSECOND");

        var december31 = (await client.ArchiveAsync(Daily("BTCUSDT", "2024-12-31"))).Rows("BTCUSDT-trades-2024-12-31.csv");
        var january1 = (await client.ArchiveAsync(Daily("BTCUSDT", "2025-01-01"))).Rows("BTCUSDT-trades-2025-01-01.csv");
        Assert.All(december31, r => Assert.Equal(13, r.Split(',')[4].Length));
        Assert.All(january1, r => Assert.Equal(16, r.Split(',')[4].Length));
        await AssertSameAsRestAsync(client, "BTCUSDT", december31);
        await AssertSameAsRestAsync(us, "BTCUSDT", january1);
        Assert.Equal(long.Parse(december31[^1].Split(',')[0], CultureInfo.InvariantCulture) + 1,
            long.Parse(january1[0].Split(',')[0], CultureInfo.InvariantCulture));

        var december = (await client.ArchiveAsync(Monthly("BTCUSDT", "2024-12"))).Rows("BTCUSDT-trades-2024-12.csv");
        Assert.Equal(december31, december[^december31.Count..]);
        Assert.Equal(404, (await client.ArchiveAsync(Monthly("BTCUSDT", "2025-01"))).Status);
    }

    [Fact]
    public async Task Checksum_is_the_sha256_of_the_zip_in_sha256sum_format_and_headers_describe_the_file()
    {
        await using var sim = await SimulatorTestKit.StartAsync(Quiet);
        using var client = SimulatorTestKit.Client(sim);
        foreach (var (path, name) in new[]
                 {
                     (Daily("BTCUSDT", "2026-11-19"), "BTCUSDT-trades-2026-11-19.zip"),
                     (Monthly("BTCUSDT", "2026-10"), "BTCUSDT-trades-2026-10.zip"),
                 })
        {
            var zip = await client.ArchiveAsync(path);
            var checksum = await client.ArchiveAsync(path + ".CHECKSUM");
            var line = ChecksumLine.Match(checksum.Text);
            Assert.True(line.Success, checksum.Text);
            Assert.Equal(Sha256(zip.Body), line.Groups[1].Value);
            Assert.Equal(name, line.Groups[2].Value);

            Assert.Equal("application/zip", zip.ContentType);
            Assert.Equal(zip.Body.Length, zip.ContentLength);
            Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(zip.Body))}\"", zip.ETag);
            Assert.Equal(checksum.Body.Length, checksum.ContentLength);
            Assert.False(zip.HasWeightHeader);

            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.Equal(200, (int)head.StatusCode);
            Assert.Equal(zip.Body.Length, head.Content.Headers.ContentLength);
            Assert.Equal(zip.ETag, head.Headers.ETag?.ToString());
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
        // Published at the end of the period (no publish delay by default).
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), (await client.ArchiveAsync(Daily("BTCUSDT", "2026-11-19"))).LastModified);

        // The same seed builds the same bytes, so checksums can be pinned.
        await using var again = await SimulatorTestKit.StartAsync(Quiet);
        using var other = SimulatorTestKit.Client(again);
        Assert.Equal((await client.ArchiveAsync(Daily("BTCUSDT", "2026-11-19"))).Body, (await other.ArchiveAsync(Daily("BTCUSDT", "2026-11-19"))).Body);
    }

    [Fact]
    public async Task Downloads_carry_no_weight_and_ignore_limits_bans_and_rest_faults()
    {
        await using var sim = await SimulatorTestKit.StartAsync(Quiet with { WeightLimit = 1, BanAfter429s = 0, Fault5xx = 1 });
        using var client = SimulatorTestKit.Client(sim);
        Assert.Equal(429, (await client.GetRawAsync("api/v3/trades?symbol=BTCUSDT")).Status);
        Assert.Equal(418, (await client.GetRawAsync("api/v3/trades?symbol=BTCUSDT")).Status);
        for (int i = 0; i < 3; i++)
        {
            var zip = await client.ArchiveAsync(Daily("BTCUSDT", "2026-11-19"));
            Assert.Equal(200, zip.Status);
            Assert.False(zip.HasWeightHeader);
        }
        Assert.Equal(3, sim.Stats.ArchiveFilesServed);
        Assert.Equal(0, sim.Stats.Faults5xx);
        Assert.Equal(0, sim.Stats.WeightServed);
    }

    [Fact]
    public async Task Not_found_is_an_s3_NoSuchKey()
    {
        await using var sim = await SimulatorTestKit.StartAsync(Quiet);
        using var client = SimulatorTestKit.Client(sim);
        string[] missing =
        [
            Daily("XRPUSDT", "2026-11-19"), // unknown symbol
            "data/spot/daily/trades/btcusdt/btcusdt-trades-2026-11-19.zip", // keys are case-sensitive
            "data/spot/daily/trades/BTCUSDT/ETHUSDT-trades-2026-11-19.zip", // folder and name disagree
            Daily("BTCUSDT", "2026-11-20"), // today
            Daily("BTCUSDT", "2026-11-20") + ".CHECKSUM",
            Daily("BTCUSDT", "2026-12-01"), // future
            Daily("BTCUSDT", "2026-10-05"), // before history
            Daily("BTCUSDT", "2026-02-30"), // no such date
            Daily("BTCUSDT", "2026-11"), // a month in the daily folder
            Monthly("BTCUSDT", "2026-10-01"), // a day in the monthly folder
            Monthly("BTCUSDT", "2027-01"),
            "data/spot/daily/trades/BTCUSDT/BTCUSDT-trades-2026-11-19.zip.md5",
            "data/spot/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2026-11-19.zip",
            "data/futures/um/daily/trades/BTCUSDT/BTCUSDT-trades-2026-11-19.zip",
            "data/spot/daily/trades/BTCUSDT/",
        ];
        foreach (string path in missing)
        {
            var response = await client.ArchiveAsync(path);
            Assert.True(response.Status == 404, $"{path} → {response.Status}");
            Assert.Equal("application/xml", response.ContentType);
            Assert.Contains("<Code>NoSuchKey</Code>", response.Text);
            Assert.Contains($"<Key>{path}</Key>", response.Text);
            Assert.False(response.HasWeightHeader);
        }
        Assert.Equal(missing.Length, sim.Stats.Status404);
        Assert.Equal(0, sim.Stats.ArchiveFilesServed);
    }

    [Fact]
    public async Task Publish_delay_holds_files_back_after_their_period_ends()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 1, 8, 59, 59, TimeSpan.Zero));
        await using var sim = await SimulatorTestKit.StartAsync(Quiet with { Clock = clock, ArchivePublishDelay = TimeSpan.FromHours(9) });
        using var client = SimulatorTestKit.Client(sim);
        Assert.Equal(404, (await client.ArchiveAsync(Daily("BTCUSDT", "2026-10-31"))).Status);
        Assert.Equal(404, (await client.ArchiveAsync(Monthly("BTCUSDT", "2026-10"))).Status);
        Assert.Equal(200, (await client.ArchiveAsync(Daily("BTCUSDT", "2026-10-30"))).Status);

        clock.Advance(TimeSpan.FromSeconds(1));
        var published = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(published, (await client.ArchiveAsync(Daily("BTCUSDT", "2026-10-31"))).LastModified);
        Assert.Equal(published, (await client.ArchiveAsync(Monthly("BTCUSDT", "2026-10"))).LastModified);
    }

    [Fact]
    public async Task Missing_day_is_404_for_its_daily_and_monthly_files()
    {
        await using var sim = await SimulatorTestKit.StartAsync(Quiet with { ArchiveMissingDays = FaultDays });
        using var client = SimulatorTestKit.Client(sim);
        foreach (string path in new[] { Daily("BTCUSDT", "2026-11-18"), Daily("BTCUSDT", "2026-10-20"), Monthly("BTCUSDT", "2026-10") })
        {
            Assert.Equal(404, (await client.ArchiveAsync(path)).Status);
            Assert.Equal(404, (await client.ArchiveAsync(path + ".CHECKSUM")).Status);
        }
        Assert.Equal(200, (await client.ArchiveAsync(Daily("BTCUSDT", "2026-11-17"))).Status);
        Assert.Equal(200, (await client.ArchiveAsync(Daily("BTCUSDT", "2026-11-19"))).Status);
        // REST still has the day's trades.
        Assert.NotEmpty(await client.TradesAsync($"api/v3/historicalTrades?symbol=BTCUSDT&fromId=1000&limit=1"));
    }

    [Fact]
    public async Task Truncated_day_is_half_a_zip_whose_checksum_still_verifies()
    {
        await using var healthy = await SimulatorTestKit.StartAsync(Quiet);
        await using var sim = await SimulatorTestKit.StartAsync(Quiet with { ArchiveTruncateDays = FaultDays });
        using var good = SimulatorTestKit.Client(healthy);
        using var client = SimulatorTestKit.Client(sim);
        foreach (string path in new[] { Daily("BTCUSDT", "2026-11-18"), Monthly("BTCUSDT", "2026-10") })
        {
            var full = (await good.ArchiveAsync(path)).Body;
            var cut = await client.ArchiveAsync(path);
            Assert.Equal(200, cut.Status);
            Assert.Equal(full.Length / 2, cut.Body.Length);
            Assert.Equal(full[..cut.Body.Length], cut.Body);
            Assert.Equal(cut.Body.Length, cut.ContentLength);
            Assert.Equal(Sha256(cut.Body), ChecksumLine.Match((await client.ArchiveAsync(path + ".CHECKSUM")).Text).Groups[1].Value);
            Assert.ThrowsAny<InvalidDataException>(() => new ZipArchive(new MemoryStream(cut.Body), ZipArchiveMode.Read));
        }
        var neighbour = Daily("BTCUSDT", "2026-11-19");
        Assert.Equal((await good.ArchiveAsync(neighbour)).Body, (await client.ArchiveAsync(neighbour)).Body);
    }

    [Fact]
    public async Task Bad_checksum_day_has_an_intact_zip_and_a_wrong_hash()
    {
        await using var sim = await SimulatorTestKit.StartAsync(Quiet with { ArchiveBadChecksumDays = FaultDays });
        using var client = SimulatorTestKit.Client(sim);
        foreach (var (path, csvName) in new[]
                 {
                     (Daily("BTCUSDT", "2026-11-18"), "BTCUSDT-trades-2026-11-18.csv"),
                     (Monthly("BTCUSDT", "2026-10"), "BTCUSDT-trades-2026-10.csv"),
                 })
        {
            var zip = await client.ArchiveAsync(path);
            Assert.NotEmpty(zip.Rows(csvName));
            var line = ChecksumLine.Match((await client.ArchiveAsync(path + ".CHECKSUM")).Text);
            Assert.True(line.Success);
            Assert.NotEqual(Sha256(zip.Body), line.Groups[1].Value);
        }
        var neighbour = Daily("BTCUSDT", "2026-11-19");
        Assert.Equal(Sha256((await client.ArchiveAsync(neighbour)).Body),
            ChecksumLine.Match((await client.ArchiveAsync(neighbour + ".CHECKSUM")).Text).Groups[1].Value);
    }

    [Fact]
    public async Task Late_day_appears_late_by_after_its_usual_time_and_delays_its_month()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 2, 23, 59, 59, TimeSpan.Zero));
        await using var sim = await SimulatorTestKit.StartAsync(Quiet with { Clock = clock, ArchiveLateDays = [new DateOnly(2026, 10, 31)] });
        using var client = SimulatorTestKit.Client(sim);
        string day = Daily("BTCUSDT", "2026-10-31"), month = Monthly("BTCUSDT", "2026-10");
        foreach (string path in new[] { day, day + ".CHECKSUM", month, month + ".CHECKSUM" })
            Assert.Equal(404, (await client.ArchiveAsync(path)).Status);
        Assert.Equal(200, (await client.ArchiveAsync(Daily("BTCUSDT", "2026-11-01"))).Status);

        // Usual time 2026-11-01 00:00, two days late by default.
        clock.Advance(TimeSpan.FromSeconds(1));
        var published = new DateTimeOffset(2026, 11, 3, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(published, (await client.ArchiveAsync(day)).LastModified);
        Assert.Equal(published, (await client.ArchiveAsync(month)).LastModified);
        Assert.Equal(200, (await client.ArchiveAsync(month + ".CHECKSUM")).Status);
    }

    [Fact]
    public async Task Invalid_archive_delays_are_rejected_at_start()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => ExchangeSimulator.StartAsync(
            new SimulatorOptions { ArchivePublishDelay = TimeSpan.FromHours(-1), ArchiveLateBy = TimeSpan.Zero }));
        Assert.Contains("publish delay must not be negative", e.Message);
        Assert.Contains("late-by delay must be positive", e.Message);
    }

    [Fact]
    public async Task Replay_captures_are_archived_for_the_days_they_cover()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions
        {
            Symbols = ["ETHUSDT"],
            ReplayFile = RepositoryPaths.Fixture("binance/btcusdt_20240808.trade-stream.gz"),
        });
        using var client = SimulatorTestKit.Client(sim);
        // 2024-08-08 23:54 to 2024-08-09 00:00:01: two partly covered days, each file with the trades that exist.
        var day = (await client.ArchiveAsync(Daily("BTCUSDT", "2024-08-08"))).Rows("BTCUSDT-trades-2024-08-08.csv");
        var next = (await client.ArchiveAsync(Daily("BTCUSDT", "2024-08-09"))).Rows("BTCUSDT-trades-2024-08-09.csv");
        Assert.Equal(9757, day.Count + next.Count);
        Assert.Equal("3735683259,61837.63000000,0.02000000,1236.75260000,1723161255342,True,True", day[0]);
        Assert.StartsWith("3735693015,", next[^1]);
        await AssertSameAsRestAsync(client, "BTCUSDT", [.. day, .. next]);
        Assert.Equal([.. day, .. next], (await client.ArchiveAsync(Monthly("BTCUSDT", "2024-08"))).Rows("BTCUSDT-trades-2024-08.csv"));
        Assert.Equal(404, (await client.ArchiveAsync(Daily("BTCUSDT", "2024-08-07"))).Status);
        Assert.Equal(404, (await client.ArchiveAsync(Daily("BTCUSDT", "2024-08-10"))).Status);
        Assert.Equal(404, (await client.ArchiveAsync(Monthly("BTCUSDT", "2024-07"))).Status);
        Assert.Equal(404, (await client.ArchiveAsync(Daily("ETHUSDT", "2024-08-08"))).Status); // generated history starts in 2026

        await using var csv = await SimulatorTestKit.StartAsync(new SimulatorOptions { Symbols = [], ReplayFile = RepositoryPaths.Fixture("binance/trxusdt_20250304.trade-stream.csv") });
        using var csvClient = SimulatorTestKit.Client(csv);
        var trx = (await csvClient.ArchiveAsync(Daily("TRXUSDT", "2025-03-04"))).Rows("TRXUSDT-trades-2025-03-04.csv");
        Assert.Equal(10_000, trx.Count);
        Assert.Equal("348656870,0.23120000,2619.40000000,605.60528000,1741046401271497,True,True", trx[0]);
    }

    [Fact]
    public async Task A_busy_day_serves_concurrent_downloads_alike_and_its_cache_is_deleted_on_dispose()
    {
        var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { Symbols = ["BTCUSDT"], TradesPerSecond = 10 });
        string cache;
        await using (sim)
        {
            using var client = SimulatorTestKit.Client(sim);
            string path = Daily("BTCUSDT", "2026-11-19");
            var downloads = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.ArchiveAsync(path))
                .Append(client.ArchiveAsync(path + ".CHECKSUM")));
            Assert.All(downloads[1..3], d => Assert.Equal(downloads[0].Body, d.Body));
            Assert.Equal(Sha256(downloads[0].Body), ChecksumLine.Match(downloads[3].Text).Groups[1].Value);

            // Count rows as a stream: the whole CSV is tens of megabytes.
            var history = sim.Catalog.All[0];
            long now = (SimulatorTestKit.FixedNow - DateTimeOffset.UnixEpoch).Ticks / 10;
            long first = history.FirstTradeIdAtOrAfter(Micros("2026-11-19"), now);
            long end = history.FirstTradeIdAtOrAfter(Micros("2026-11-20"), now);
            using var zip = new ZipArchive(new MemoryStream(downloads[0].Body), ZipArchiveMode.Read);
            using var reader = new StreamReader(zip.Entries.Single().Open());
            long rows = 0;
            string? line, last = null;
            while ((line = reader.ReadLine()) is not null)
            {
                if (rows++ == 0) Assert.StartsWith($"{first},", line);
                last = line;
            }
            Assert.Equal(end - first, rows);
            Assert.StartsWith($"{end - 1},", last);
            Assert.InRange(rows, 500_000, 1_500_000);
            cache = sim.ArchiveCacheDirectory;
            Assert.Single(Directory.GetFiles(cache));
        }
        Assert.False(Directory.Exists(cache));
    }

    private static string Daily(string symbol, string day) => $"data/spot/daily/trades/{symbol}/{symbol}-trades-{day}.zip";

    private static string Monthly(string symbol, string month) => $"data/spot/monthly/trades/{symbol}/{symbol}-trades-{month}.zip";

    private static long Micros(string day) =>
        DateTimeOffset.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds() * 1000;

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The same ids from historicalTrades, in the client's time unit, formatted as archive rows.</summary>
    private static async Task<List<TradeRow>> AssertSameAsRestAsync(HttpClient rest, string symbol, List<string> rows)
    {
        long first = long.Parse(rows[0][..rows[0].IndexOf(',')], CultureInfo.InvariantCulture);
        var trades = new List<TradeRow>();
        while (trades.Count < rows.Count)
        {
            int limit = Math.Min(1000, rows.Count - trades.Count);
            var page = await rest.TradesAsync($"api/v3/historicalTrades?symbol={symbol}&fromId={first + trades.Count}&limit={limit}");
            Assert.NotEmpty(page);
            trades.AddRange(page);
        }
        Assert.Equal(trades.Select(t => string.Join(',', t.Id, t.Price, t.Qty, t.QuoteQty, t.Time, t.IsBuyerMaker ? "True" : "False",
            t.IsBestMatch ? "True" : "False")), rows);
        return trades;
    }
}

internal static class ArchiveClient
{
    public static async Task<ArchiveResponse> ArchiveAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        return new ArchiveResponse((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType ?? "",
            response.Content.Headers.ContentLength, response.Headers.ETag?.ToString(), response.Content.Headers.LastModified,
            response.Headers.Any(h => h.Key.StartsWith("X-MBX-USED-WEIGHT", StringComparison.OrdinalIgnoreCase)));
    }
}
