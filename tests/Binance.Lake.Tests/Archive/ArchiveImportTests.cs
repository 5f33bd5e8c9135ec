using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.Archive;
using Binance.Lake.Extract.Backfill;
using Binance.Lake.Extract.RawFormats;
using Binance.Lake.Simulator;
using Binance.Lake.Tests.Simulator;
using Binance.Lake.Tests.Support;
using Binance.Lake.Transform.Audit;
using Binance.Lake.Transform.Compaction;
using Binance.Lake.Transform.Trades;
using TradeRow = Binance.Lake.Transform.Trades.TradeRow;
using ArchiveClient = Binance.Lake.Extract.Archive.ArchiveClient;
using Xunit;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Archive;

/// <summary>The bulk archive, served by the simulator over HTTP, through the real importer into a lake.</summary>
public sealed class ArchiveImportTests(ITestOutputHelper output)
{
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(SimulatorTestKit.FixedNow.UtcDateTime).AddDays(-1);

    // Sparse history keeps fifty days of files small; the shape of the data does not depend on the density.
    private static readonly SimulatorOptions Sparse = new() { TradesPerSecond = 0.05, HistoryDays = 60, Symbols = ["BTCUSDT"] };

    [Fact]
    public async Task A_range_arrives_as_whole_months_and_days_lands_in_the_table_and_a_rerun_imports_nothing()
    {
        await using var sim = await SimulatorTestKit.StartAsync(Sparse);
        using var lake = new TempFolder();
        var store = new LocalObjectStore(lake.Path);
        var from = new DateOnly(2026, 10, 1);

        var summary = await ImportAsync(sim, store, "BTCUSDT", from, Yesterday);

        Assert.True(summary.Complete);
        Assert.Equal(["BTCUSDT-trades-2026-10.zip", .. Enumerable.Range(1, Yesterday.Day).Select(d => $"BTCUSDT-trades-2026-11-{d:D2}.zip")],
            summary.Imported.Select(f => f.File).Order(StringComparer.Ordinal));
        Assert.All(summary.Imported, f => Assert.Empty(f.Gaps));
        await new Compactor(store, RawChunkDecoders.All, new TestOutputLogger(output)).RunAsync(CancellationToken.None);
        var audit = await new TableAuditor(store).AuditAsync("BTCUSDT", null, null, CancellationToken.None);
        Assert.True(audit.Clean);
        Assert.Equal(from, audit.Days[0].Day);
        Assert.Equal(Yesterday, audit.Days[^1].Day);
        Assert.Equal(summary.Trades, audit.Trades);
        // The first imported id is the day's first trade: the one before it is still September's.
        using var http = SimulatorTestKit.Client(sim, "MICROSECOND");
        var before = (await http.TradesAsync($"api/v3/historicalTrades?symbol=BTCUSDT&fromId={audit.Days[0].FirstId - 1}&limit=1")).Single();
        Assert.True(DateTimeOffset.FromUnixTimeMilliseconds(before.Time / 1000).UtcDateTime < from.ToDateTime(TimeOnly.MinValue));

        var again = await ImportAsync(sim, store, "BTCUSDT", from, Yesterday);
        Assert.Empty(again.Imported);
        Assert.Equal(summary.Imported.Count, again.AlreadyImported);
    }

    [Fact]
    public async Task Archive_and_REST_agree_on_every_field_of_a_day()
    {
        await using var harness = await BackfillHarness.StartAsync(output, Sparse with { TradesPerSecond = 0.5, Clock = new ManualClock(SimulatorTestKit.FixedNow) });
        var day = Yesterday.AddDays(-1);
        using var archiveLake = new TempFolder();
        var archiveStore = new LocalObjectStore(archiveLake.Path);
        await ImportAsync(harness.Simulator, archiveStore, "BTCUSDT", day, day);
        await new Compactor(archiveStore, RawChunkDecoders.All, harness.Logger).RunAsync(CancellationToken.None);
        await harness.RunAsync(new BackfillRequest("BTCUSDT", new BackfillMode.DateRange(day, day)));
        await new Compactor(harness.Store, RawChunkDecoders.All, harness.Logger).RunAsync(CancellationToken.None);

        var fromArchive = await TableRowsAsync(archiveStore);
        var fromRest = await TableRowsAsync(harness.Store);
        Assert.True(fromArchive.Count > 30_000);
        Assert.Equal(fromRest.Select(r => r.Trade), fromArchive.Select(r => r.Trade));
        Assert.All(fromArchive, r => Assert.Equal(RawSource.Archive, r.Source));
    }

    [Fact]
    public async Task Days_before_2025_are_read_in_milliseconds_and_days_from_2025_in_microseconds()
    {
        var clock = new ManualClock(new DateTimeOffset(2025, 1, 3, 12, 0, 0, TimeSpan.Zero));
        await using var sim = await SimulatorTestKit.StartAsync(Sparse with { TradesPerSecond = 0.2, HistoryDays = 30, Clock = clock });
        using var lake = new TempFolder();
        var store = new LocalObjectStore(lake.Path);
        await ImportAsync(sim, store, "BTCUSDT", new DateOnly(2024, 12, 31), new DateOnly(2025, 1, 1));
        await new Compactor(store, RawChunkDecoders.All, new TestOutputLogger(output)).RunAsync(CancellationToken.None);
        var rows = await TableRowsAsync(store);

        using var http = SimulatorTestKit.Client(sim, "MICROSECOND");
        var rest = await http.TradesAsync($"api/v3/historicalTrades?symbol=BTCUSDT&fromId={rows[0].Trade.Id}&limit=1000");
        var newYear = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;
        var compared = 0;
        foreach (var (row, exchange) in rows.Zip(rest))
        {
            Assert.Equal(exchange.Id, row.Trade.Id);
            // The archive wrote 2024 in milliseconds: the microseconds below them are not in the file.
            Assert.Equal(exchange.Time < newYear ? exchange.Time / 1000 * 1000 : exchange.Time, row.Trade.TimeMicros);
            compared++;
        }
        Assert.Equal(1000, compared);
        var lastOf2024 = rows.Last(r => r.Trade.TimeMicros < newYear);
        var firstOf2025 = rows.First(r => r.Trade.TimeMicros >= newYear);
        Assert.Equal(lastOf2024.Trade.Id + 1, firstOf2025.Trade.Id);
        Assert.Contains(rows, r => r.Trade.TimeMicros >= newYear && r.Trade.TimeMicros % 1000 != 0);
    }

    [Fact]
    public async Task The_real_TRXUSDT_capture_as_an_archive_day_lands_exactly()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions
        {
            Symbols = [], ReplayFile = RepositoryPaths.Fixture("binance/trxusdt_20250304.trade-stream.csv"),
        });
        using var lake = new TempFolder();
        var store = new LocalObjectStore(lake.Path);
        var summary = await ImportAsync(sim, store, "TRXUSDT", new DateOnly(2025, 3, 4), new DateOnly(2025, 3, 4));
        await new Compactor(store, RawChunkDecoders.All, new TestOutputLogger(output)).RunAsync(CancellationToken.None);

        var imported = Assert.Single(summary.Imported);
        Assert.Equal((348656870L, 348666869L, 10_000L), (imported.FirstId, imported.LastId, imported.Trades));
        var rows = await TableRowsAsync(store);
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => 348656870L + i), rows.Select(r => r.Trade.Id));
        Assert.Equal(new Trade(348656870, 0.2312m, 2619.4m, 605.60528m, 1741046401271497, true, true), rows[0].Trade);
        Assert.True((await new TableAuditor(store).AuditAsync("TRXUSDT", null, null, CancellationToken.None)).Clean);
    }

    [Fact]
    public async Task Missing_late_truncated_and_mismatched_days_are_reported_and_nothing_of_a_damaged_one_enters()
    {
        var clock = new ManualClock(SimulatorTestKit.FixedNow);
        DateOnly Day(int d) => new(2026, 11, d);
        await using var sim = await SimulatorTestKit.StartAsync(Sparse with
        {
            Clock = clock,
            ArchiveMissingDays = [Day(16)],
            ArchiveTruncateDays = [Day(17)],
            ArchiveBadChecksumDays = [Day(18)],
            ArchiveLateDays = [Day(19)],
        });
        using var lake = new TempFolder();
        var store = new LocalObjectStore(lake.Path);

        var first = await ImportAsync(sim, store, "BTCUSDT", Day(15), Day(19));

        Assert.Equal(["BTCUSDT-trades-2026-11-15.zip"], first.Imported.Select(f => f.File));
        Assert.Equal(["BTCUSDT-trades-2026-11-16.zip", "BTCUSDT-trades-2026-11-19.zip"], first.Missing);
        Assert.Equal(["BTCUSDT-trades-2026-11-17.zip", "BTCUSDT-trades-2026-11-18.zip"], first.Damaged.Select(d => d.File));
        Assert.Contains("not a readable zip", first.Damaged[0].Reason);
        Assert.Contains("checksum mismatch", first.Damaged[1].Reason);
        Assert.False(first.Complete);

        clock.Advance(TimeSpan.FromDays(2));
        var second = await ImportAsync(sim, store, "BTCUSDT", Day(15), Day(19));
        Assert.Equal(["BTCUSDT-trades-2026-11-19.zip"], second.Imported.Select(f => f.File));
        Assert.Equal(1, second.AlreadyImported);

        await new Compactor(store, RawChunkDecoders.All, new TestOutputLogger(output)).RunAsync(CancellationToken.None);
        var audit = await new TableAuditor(store).AuditAsync("BTCUSDT", null, null, CancellationToken.None);
        Assert.Equal([Day(15), Day(19)], audit.Days.Select(d => d.Day));
        var rawFiles = new List<string>();
        await foreach (var item in store.ListAsync(RawZone.SourcePrefix("BTCUSDT", RawSource.Archive)))
            rawFiles.Add(item.Key);
        Assert.Equal(2, rawFiles.Count);
    }

    [Fact]
    public async Task A_month_not_published_yet_comes_as_daily_files()
    {
        // A late day holds its month back (as early in a month, before Binance publishes the last one).
        await using var sim = await SimulatorTestKit.StartAsync(Sparse with { ArchiveLateDays = [new DateOnly(2026, 10, 15)], ArchiveLateBy = TimeSpan.FromDays(60) });
        using var lake = new TempFolder();

        var summary = await ImportAsync(sim, new LocalObjectStore(lake.Path), "BTCUSDT", new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31));

        Assert.Equal(30, summary.Imported.Count);
        Assert.All(summary.Imported, f => Assert.Matches(@"^BTCUSDT-trades-2026-10-\d\d\.zip$", f.File));
        Assert.Equal(["BTCUSDT-trades-2026-10-15.zip"], summary.Missing);
    }

    private async Task<ArchiveImportSummary> ImportAsync(ExchangeSimulator sim, IObjectStore store, string symbol, DateOnly from, DateOnly to)
    {
        var logger = new TestOutputLogger(output);
        using var client = new ArchiveClient(sim.BaseUrl, logger, maxRetries: 1);
        return await new ArchiveImporter(client, store, logger).ImportAsync(symbol, from, to, concurrency: 4, CancellationToken.None);
    }

    private static async Task<List<TradeRow>> TableRowsAsync(IObjectStore store)
    {
        var table = TradesTable.Open(store);
        var rows = new List<TradeRow>();
        foreach (var file in (await table.LoadAsync()).Files)
            rows.AddRange(await TradeFileReader.ReadRowsAsync((await store.GetAsync(table.DataKey(file.Path)))!));
        return rows.OrderBy(r => r.Trade.Id).ToList();
    }
}
