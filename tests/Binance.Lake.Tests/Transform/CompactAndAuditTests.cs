using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.Backfill;
using Binance.Lake.Extract.RawFormats;
using Binance.Lake.Simulator;
using Binance.Lake.Tests.Support;
using Binance.Lake.Transform.Audit;
using Binance.Lake.Transform.Compaction;
using Binance.Lake.Transform.Trades;
using DuckDB.NET.Data;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Transform;

/// <summary>Raw zone → curated table → audit, on data backfilled from the simulator over HTTP.</summary>
public class CompactAndAuditTests(ITestOutputHelper output)
{
    private static readonly DateOnly From = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3);
    private static readonly DateOnly To = From.AddDays(1);

    private static async Task<(BackfillHarness Harness, BackfillSummary Backfill)> BackfilledAsync(ITestOutputHelper output)
    {
        var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions { TradesPerSecond = 0.2, Symbols = ["BTCUSDT"] });
        var (summary, _) = await harness.RunAsync(new BackfillRequest("BTCUSDT", new BackfillMode.DateRange(From, To), ChunkLimit: 1000));
        return (harness, summary);
    }

    private Compactor Compactor(BackfillHarness harness) => new(harness.Store, RawChunkDecoders.All, harness.Logger);

    [Fact]
    public async Task Compact_holds_every_backfilled_trade_once_sorted_by_id_and_a_rerun_commits_nothing()
    {
        var (harness, backfill) = await BackfilledAsync(output);
        await using var _ = harness;

        var first = await Compactor(harness).RunAsync(CancellationToken.None);
        var second = await Compactor(harness).RunAsync(CancellationToken.None);

        Assert.Equal(0, first.Version);
        Assert.Equal(backfill.Trades, first.TradesAdded);
        Assert.Equal(2, first.Partitions);
        Assert.Null(second.Version);
        Assert.Equal(0, (await TradesTable.Open(harness.Store).LoadAsync()).Version);
        var report = await new TableAuditor(harness.Store).AuditAsync(null, null, null, CancellationToken.None);
        Assert.True(report.Clean);
        Assert.Equal(backfill.Trades, report.Trades);
        Assert.Equal([From, To], report.Days.Select(d => d.Day));
        Assert.Equal(backfill.FirstId, report.Days[0].FirstId);
        Assert.Equal(backfill.LastId, report.Days[^1].LastId);

        // DuckDB reads the data files as plain Parquet: the same rows, ids in order within each file.
        var files = Directory.GetFiles(Path.Combine(harness.LakePath, TradesTable.Path), "*.parquet", SearchOption.AllDirectories);
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var query = duck.CreateCommand();
        query.CommandText = $"""
            SELECT count(*), count(DISTINCT trade_id), min(trade_id), max(trade_id),
                   bool_and(quote_qty <= price * qty), count(*) FILTER (WHERE source <> 'rest')
            FROM read_parquet([{string.Join(",", files.Select(f => $"'{f}'"))}])
            """;
        using var reader = query.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(backfill.Trades, reader.GetInt64(0));
        Assert.Equal(backfill.Trades, reader.GetInt64(1));
        Assert.Equal(backfill.FirstId, reader.GetInt64(2));
        Assert.Equal(backfill.LastId, reader.GetInt64(3));
        Assert.True(reader.GetBoolean(4));
        Assert.Equal(0, reader.GetInt64(5));
    }

    [Fact]
    public async Task A_trade_that_arrives_twice_is_stored_once()
    {
        var (harness, backfill) = await BackfilledAsync(output);
        await using var _ = harness;
        await Compactor(harness).RunAsync(CancellationToken.None);

        // A later chunk overlapping the day boundary, as a retried or differently cut fetch would produce.
        var midnight = (await new TableAuditor(harness.Store).AuditAsync(null, null, null, CancellationToken.None)).Days[1].FirstId;
        using var client = harness.NewClient();
        var overlap = await client.GetHistoricalTradesAsync("BTCUSDT", midnight - 300, 600, CancellationToken.None);
        await harness.Store.PutAsync(RawZone.ChunkKey("BTCUSDT", RawSource.Rest, overlap.Ids, "json"), overlap.Body);

        var again = await Compactor(harness).RunAsync(CancellationToken.None);

        Assert.Equal(1, again.Version);
        Assert.Equal(600, again.TradesRead);
        Assert.Equal(600, again.DuplicatesDropped);
        Assert.Equal(0, again.TradesAdded);
        var report = await new TableAuditor(harness.Store).AuditAsync(null, null, null, CancellationToken.None);
        Assert.True(report.Clean);
        Assert.Equal(backfill.Trades, report.Trades);
    }

    [Fact]
    public async Task Audit_names_the_ids_a_missing_raw_chunk_leaves_out_and_repair_after_refetch_is_clean()
    {
        var (harness, backfill) = await BackfilledAsync(output);
        await using var _ = harness;
        var chunks = await harness.RawChunksAsync("BTCUSDT");
        var lost = chunks[chunks.Count / 2];
        await harness.Store.DeleteAsync(lost.Key);

        await Compactor(harness).RunAsync(CancellationToken.None);
        var report = await new TableAuditor(harness.Store).AuditAsync("BTCUSDT", null, null, CancellationToken.None);

        Assert.False(report.Clean);
        Assert.Equal([lost.Page.Ids], report.Days.SelectMany(d => d.Missing));
        Assert.Equal(backfill.Trades - lost.Page.Trades.Count, report.Trades);

        // The same backfill again fetches exactly the hole; compact then completes the table.
        var (refill, _) = await harness.RunAsync(new BackfillRequest("BTCUSDT", new BackfillMode.DateRange(From, To), ChunkLimit: 1000));
        Assert.Equal(lost.Page.Trades.Count, refill.TradesFetched);
        await Compactor(harness).RunAsync(CancellationToken.None);
        Assert.True((await new TableAuditor(harness.Store).AuditAsync("BTCUSDT", null, null, CancellationToken.None)).Clean);
    }

    [Fact]
    public async Task Repair_refetches_exactly_the_missing_ids_and_the_audit_is_then_clean()
    {
        var (harness, backfill) = await BackfilledAsync(output);
        await using var _ = harness;
        var chunks = await harness.RawChunksAsync("BTCUSDT");
        foreach (var lost in new[] { chunks[3], chunks[^5] })
            await harness.Store.DeleteAsync(lost.Key);
        string[] lake = ["--lake", harness.LakePath];
        Assert.Equal(0, (await CliProcess.RunAsync(["compact", .. lake])).ExitCode);
        Assert.Equal(3, (await CliProcess.RunAsync(["audit", "--symbol", "BTCUSDT", .. lake])).ExitCode);
        var requestsBefore = harness.Simulator.Stats.Requests;

        var (code, stdout, stderr) = await CliProcess.RunAsync(["repair", "--symbol", "btcusdt", "--rest-url", harness.Simulator.BaseUrl.ToString(), .. lake]);
        output.WriteLine(stderr);

        Assert.Equal(0, code);
        Assert.Contains("Repaired", stdout);
        Assert.Equal(0, (await CliProcess.RunAsync(["audit", "--symbol", "BTCUSDT", .. lake])).ExitCode);
        var report = await new TableAuditor(harness.Store).AuditAsync("BTCUSDT", null, null, CancellationToken.None);
        Assert.Equal(backfill.Trades, report.Trades);
        // Two holes of one page each: a handful of requests (connect, plan, one page per hole), not a new backfill.
        Assert.InRange(harness.Simulator.Stats.Requests - requestsBefore, 2, 20);
    }

    [Fact]
    public async Task Two_compacts_racing_lose_no_raw_file_the_loser_saw()
    {
        var (harness, backfill) = await BackfilledAsync(output);
        await using var _ = harness;
        // One chunk arrives only after the first compact has listed the raw zone.
        var late = (await harness.RawChunksAsync("BTCUSDT"))[^1];
        await harness.Store.DeleteAsync(late.Key);
        var aListed = new TaskCompletionSource();
        var aGo = new TaskCompletionSource();
        var bGo = new TaskCompletionSource();
        var storeA = new Binance.Lake.Tests.Maintenance.HookedStore(harness.Store)
        {
            BeforePut = async key => { if (key.StartsWith(TradesTable.Path)) { aListed.TrySetResult(); await aGo.Task; } },
        };
        var storeB = new Binance.Lake.Tests.Maintenance.HookedStore(harness.Store)
        {
            BeforePut = async key => { if (key.StartsWith(TradesTable.Path)) await bGo.Task; },
        };

        var a = new Compactor(storeA, RawChunkDecoders.All, harness.Logger).RunAsync(CancellationToken.None);
        await aListed.Task;
        await harness.Store.PutAsync(late.Key, late.Page.Body);
        var b = new Compactor(storeB, RawChunkDecoders.All, harness.Logger).RunAsync(CancellationToken.None);
        aGo.SetResult();
        var winner = await a;                 // commits without the late chunk
        bGo.SetResult();
        await Assert.ThrowsAsync<Binance.Lake.Transform.Delta.DeltaConcurrencyException>(() => b); // saw it, but lost

        var after = await Compactor(harness).RunAsync(CancellationToken.None);

        Assert.Equal(backfill.Trades - late.Page.Trades.Count, winner.TradesAdded);
        Assert.Equal(late.Page.Trades.Count, after.TradesAdded);
        var report = await new TableAuditor(harness.Store).AuditAsync(null, null, null, CancellationToken.None);
        Assert.True(report.Clean);
        Assert.Equal(backfill.Trades, report.Trades);
    }

    [Theory]
    [InlineData(1)] // the disk fills after the first data file
    [InlineData(2)] // after every data file, before the commit
    public async Task A_compact_that_fails_part_way_leaves_the_table_as_it_was_and_the_next_run_completes_it(int writesBeforeFull)
    {
        var (harness, backfill) = await BackfilledAsync(output);
        await using var _ = harness;
        var full = new DiskFullStore(harness.Store, TradesTable.Path + "/", writesBeforeFull);

        var error = await Assert.ThrowsAsync<IOException>(() => new Compactor(full, RawChunkDecoders.All, harness.Logger).RunAsync(CancellationToken.None));

        Assert.Contains("No space left", error.Message);
        Assert.False(await TradesTable.Open(harness.Store).ExistsAsync());
        var completed = await Compactor(harness).RunAsync(CancellationToken.None);
        Assert.Equal(backfill.Trades, completed.TradesAdded);
        Assert.True((await new TableAuditor(harness.Store).AuditAsync(null, null, null, CancellationToken.None)).Clean);
    }
}
