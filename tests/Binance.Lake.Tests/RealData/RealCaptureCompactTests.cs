using System.Globalization;
using Binance.Lake.Core.Storage;
using Binance.Lake.Extract.RawFormats;
using Binance.Lake.Tests.Support;
using Binance.Lake.Transform.Audit;
using Binance.Lake.Transform.Compaction;
using Binance.Lake.Transform.Trades;
using DuckDB.NET.Data;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.RealData;

/// <summary>
/// Genuine Binance websocket captures → live raw chunks → compact → audit: the audit is exact, and the rows
/// DuckDB reads back from the table's Parquet files carry the capture's values.
/// </summary>
public sealed class RealCaptureCompactTests(ITestOutputHelper output) : IDisposable
{
    private static readonly Lazy<IReadOnlyList<CapturedTrade>> Btcusdt = new(() => RealCaptures.StreamCaptureTrades(RealCaptures.BtcusdtStream));
    private static readonly Lazy<IReadOnlyList<CapturedTrade>> Trxusdt = new(() => RealCaptures.CsvCaptureTrades(RealCaptures.TrxusdtCsv));

    private readonly List<TempFolder> _lakes = [];

    public void Dispose()
    {
        foreach (var lake in _lakes)
            lake.Dispose();
    }

    [Fact]
    public async Task Btcusdt_stream_capture_lands_as_two_exact_days_across_midnight()
    {
        var capture = Btcusdt.Value;
        // The capture on its own terms: 9,757 trades, contiguous ids, split at 2024-08-09 00:00 UTC by trade time.
        Assert.Equal(9757, capture.Count);
        Assert.All(capture.Zip(capture.Skip(1)), p => Assert.Equal(p.First.Id + 1, p.Second.Id));
        var midnight = new DateTimeOffset(2024, 8, 9, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;
        var before = capture.Where(t => t.TimeMicros < midnight).ToList();
        var after = capture.Where(t => t.TimeMicros >= midnight).ToList();
        Assert.NotEmpty(before);
        Assert.NotEmpty(after);
        output.WriteLine($"2024-08-08: {before.Count} trades {before[0].Id}-{before[^1].Id}; 2024-08-09: {after.Count} trades {after[0].Id}-{after[^1].Id}");

        var (store, lake) = NewLake();
        var keys = await RealCaptures.WriteLiveChunksAsync(store, "BTCUSDT", capture);
        var summary = await Compact(store);

        Assert.Equal(10, keys.Count);
        Assert.Equal((10, 9757L, 9757L, 0L, 2), (summary.RawFiles, summary.TradesRead, summary.TradesAdded, summary.DuplicatesDropped, summary.Partitions));
        var report = await new TableAuditor(store).AuditAsync(null, null, null, CancellationToken.None);
        Assert.True(report.Clean);
        Assert.Equal(
            [
                ("BTCUSDT", new DateOnly(2024, 8, 8), before[0].Id, before[^1].Id, (long)before.Count, 0L, 0),
                ("BTCUSDT", new DateOnly(2024, 8, 9), after[0].Id, after[^1].Id, (long)after.Count, 0L, 0),
            ],
            report.Days.Select(d => (d.Instrument, d.Day, d.FirstId, d.LastId, d.Count, d.Duplicates, d.Missing.Count)));

        var spots = new[] { capture[0], capture[1], before[^1], after[0], capture[^1] }
            .Concat(capture.Where((_, i) => i % 997 == 500))
            .ToList();
        await AssertRowsAsync(store, lake, spots);
    }

    [Fact]
    public async Task Trxusdt_csv_capture_lands_as_one_exact_day_in_microseconds()
    {
        var capture = Trxusdt.Value;
        Assert.Equal(10_000, capture.Count);
        Assert.All(capture.Zip(capture.Skip(1)), p => Assert.Equal(p.First.Id + 1, p.Second.Id));
        Assert.All(capture, t => Assert.Equal(new DateOnly(2025, 3, 4), DateOnly.FromDateTime(DateTime.UnixEpoch.AddTicks(t.TimeMicros * 10))));

        var (store, lake) = NewLake();
        var keys = await RealCaptures.WriteLiveChunksAsync(store, "TRXUSDT", capture);
        var summary = await Compact(store);

        Assert.Equal(10, keys.Count);
        Assert.Equal((10_000L, 10_000L, 0L, 1), (summary.TradesRead, summary.TradesAdded, summary.DuplicatesDropped, summary.Partitions));
        var report = await new TableAuditor(store).AuditAsync("TRXUSDT", null, null, CancellationToken.None);
        Assert.True(report.Clean);
        var day = Assert.Single(report.Days);
        Assert.Equal(("TRXUSDT", new DateOnly(2025, 3, 4), 348656870L, 348666869L, 10_000L, 0L, 0),
            (day.Instrument, day.Day, day.FirstId, day.LastId, day.Count, day.Duplicates, day.Missing.Count));

        // Row 1 of the CSV: 0.2312 × 2619.4 = 605.60528 at 1741046401271497 µs, buyer the maker.
        Assert.Equal(("0.2312", "2619.4", 1741046401271497L, true), (capture[0].Price, capture[0].Qty, capture[0].TimeMicros, capture[0].IsBuyerMaker));
        var spots = new[] { capture[0], capture[1], capture[^1] }.Concat(capture.Where((_, i) => i % 1009 == 7)).ToList();
        await AssertRowsAsync(store, lake, spots);
    }

    [Fact]
    public async Task Every_message_sent_twice_compacts_to_the_same_table()
    {
        var capture = Btcusdt.Value;
        var (once, onceLake) = NewLake();
        var (twice, twiceLake) = NewLake();
        await RealCaptures.WriteLiveChunksAsync(once, "BTCUSDT", capture);
        var keys = await RealCaptures.WriteLiveChunksAsync(twice, "BTCUSDT", capture, copies: 2);

        var chunk = new LiveChunkDecoder().Read(keys[0], (await twice.GetAsync(keys[0]))!);
        Assert.Equal((2000, 0, 1000, 1000), (chunk.Messages, chunk.IgnoredMessages, chunk.RepeatsDropped, chunk.Trades.Count));

        await Compact(once);
        var summary = await Compact(twice);
        Assert.Equal((9757L, 9757L), (summary.TradesRead, summary.TradesAdded));
        var expected = await new TableAuditor(once).AuditAsync(null, null, null, CancellationToken.None);
        var actual = await new TableAuditor(twice).AuditAsync(null, null, null, CancellationToken.None);
        Assert.True(actual.Clean);
        Assert.Equal(expected.Days.Select(d => (d.Day, d.FirstId, d.LastId, d.Count)), actual.Days.Select(d => (d.Day, d.FirstId, d.LastId, d.Count)));
        Assert.Equal((9757L, 0L, 0L), CompareRows(await DataFilesAsync(once, onceLake), await DataFilesAsync(twice, twiceLake)));

        // Later, a chunk of repeats across midnight overlapping what the table holds (a rollover's overlap): nothing new.
        var overlap = capture.Where(t => t.Id >= 3735692500).ToList();
        await RealCaptures.WriteLiveChunksAsync(twice, "BTCUSDT", overlap, messagesPerChunk: overlap.Count, copies: 2);
        var again = await Compact(twice);
        Assert.Equal((1, (long)overlap.Count, 0L, (long)overlap.Count), (again.RawFiles, again.TradesRead, again.TradesAdded, again.DuplicatesDropped));
        var afterOverlap = await new TableAuditor(twice).AuditAsync(null, null, null, CancellationToken.None);
        Assert.True(afterOverlap.Clean);
        Assert.Equal(9757, afterOverlap.Trades);
    }

    private (IObjectStore Store, string Path) NewLake()
    {
        var folder = new TempFolder();
        _lakes.Add(folder);
        return (new LocalObjectStore(folder.Path), folder.Path);
    }

    private Task<CompactSummary> Compact(IObjectStore store) =>
        new Compactor(store, RawChunkDecoders.All, new TestOutputLogger(output)).RunAsync(CancellationToken.None);

    /// <summary>The local paths of the table's active data files.</summary>
    private static async Task<string[]> DataFilesAsync(IObjectStore store, string lake)
    {
        var table = TradesTable.Open(store);
        var snapshot = await table.LoadAsync();
        return TradesTable.FilesByPartition(snapshot).SelectMany(g => g).Select(f => Path.Combine(lake, table.DataKey(f.Path))).ToArray();
    }

    private static string ParquetList(IEnumerable<string> files) => "[" + string.Join(",", files.Select(f => $"'{f.Replace("'", "''")}'")) + "]";

    /// <summary>Reads the rows of the given trades back with DuckDB and compares them with the capture's values.</summary>
    private async Task AssertRowsAsync(IObjectStore store, string lake, IReadOnlyList<CapturedTrade> expected)
    {
        var files = await DataFilesAsync(store, lake);
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var query = duck.CreateCommand();
        // No ORDER BY: DuckDB 1.5.6 returns wrong epoch_us(trade_time) values for sub-millisecond times under a full sort.
        query.CommandText = $"""
            SELECT trade_id, price, qty, quote_qty, epoch_us(trade_time), is_buyer_maker, is_best_match, source
            FROM read_parquet({ParquetList(files)})
            WHERE trade_id IN ({string.Join(",", expected.Select(t => t.Id))})
            """;
        var rows = new Dictionary<long, (decimal Price, decimal Qty, decimal QuoteQty, long Time, bool Maker, bool BestMatch, string Source)>();
        using (var reader = query.ExecuteReader())
            while (reader.Read())
                rows.Add(reader.GetInt64(0), (reader.GetDecimal(1), reader.GetDecimal(2), reader.GetDecimal(3), reader.GetInt64(4), reader.GetBoolean(5), reader.GetBoolean(6), reader.GetString(7)));

        Assert.Equal(expected.Select(t => t.Id).Distinct().Count(), rows.Count);
        foreach (var trade in expected)
        {
            decimal price = decimal.Parse(trade.Price, CultureInfo.InvariantCulture), qty = decimal.Parse(trade.Qty, CultureInfo.InvariantCulture);
            // Binance's quoteQty: the exact product cut (not rounded) to 8 decimals.
            var quoteQty = decimal.Truncate(price * qty * 100_000_000m) / 100_000_000m;
            Assert.Equal((price, qty, quoteQty, trade.TimeMicros, trade.IsBuyerMaker, trade.IsBestMatch, "live"), rows[trade.Id]);
        }
        output.WriteLine($"{rows.Count} rows checked, e.g. {expected[0].Id}: {rows[expected[0].Id]}");
    }

    /// <summary>Row counts of a, of a EXCEPT ALL b, and of b EXCEPT ALL a, over every column.</summary>
    private static (long Rows, long OnlyInA, long OnlyInB) CompareRows(string[] a, string[] b)
    {
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var query = duck.CreateCommand();
        query.CommandText = $"""
            WITH a AS (SELECT * FROM read_parquet({ParquetList(a)})), b AS (SELECT * FROM read_parquet({ParquetList(b)}))
            SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM (SELECT * FROM a EXCEPT ALL SELECT * FROM b)),
                   (SELECT count(*) FROM (SELECT * FROM b EXCEPT ALL SELECT * FROM a))
            """;
        using var reader = query.ExecuteReader();
        Assert.True(reader.Read());
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
