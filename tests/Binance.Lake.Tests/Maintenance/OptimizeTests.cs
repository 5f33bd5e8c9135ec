using System.Text.Json;
using Binance.Lake.Core.Lake;
using Binance.Lake.Tests.Delta;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Maintenance;
using Binance.Lake.Transform.Trades;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Maintenance;

/// <summary>Optimize on a table that repeated compacts left with several files per day.</summary>
public class OptimizeTests(ITestOutputHelper output)
{
    private Optimizer Optimizer(MaintenanceLake lake) => new(lake.Store, lake.Harness.Logger);

    [Fact]
    public async Task Optimize_merges_each_days_files_into_one_with_the_same_rows_and_a_rerun_commits_nothing()
    {
        await using var lake = await MaintenanceLake.StartAsync(output);
        await lake.CompactInPassesAsync();
        var before = await lake.TableRowsAsync();
        Assert.All(TradesTable.FilesByPartition(await lake.Table.LoadAsync()), p => Assert.Equal(2, p.Count()));

        var summary = await Optimizer(lake).RunAsync(new OptimizeOptions(), CancellationToken.None);
        var rerun = await Optimizer(lake).RunAsync(new OptimizeOptions(), CancellationToken.None);

        Assert.Equal(2, summary.Version);
        Assert.Equal((2, 2, 4, 2), (summary.PartitionsConsidered, summary.PartitionsRewritten, summary.FilesRemoved, summary.FilesAdded));
        Assert.Equal(lake.Backfill.Trades, summary.Rows);
        Assert.Equal(0, summary.DuplicatesDropped);
        Assert.Null(rerun.Version);
        Assert.Equal([0L, 1, 2], lake.CommitVersions());

        // Same rows, value for value and source for source; each file sorted by id; stats that match the file.
        var snapshot = await lake.Table.LoadAsync();
        Assert.Equal(lake.ExpectedTrades(), before.Select(r => r.Trade));
        Assert.Equal(before, await lake.TableRowsAsync());
        foreach (var file in snapshot.Files)
        {
            var ids = await TradeFileReader.ReadIdsAsync((await lake.Store.GetAsync(lake.Table.DataKey(file.Path)))!);
            Assert.Equal(ids.Order(), ids);
            Assert.False(file.DataChange);
            using var stats = JsonDocument.Parse(file.Stats!);
            Assert.Equal(ids.Length, stats.RootElement.GetProperty("numRecords").GetInt64());
            Assert.Equal(ids[0], stats.RootElement.GetProperty("minValues").GetProperty("trade_id").GetInt64());
            Assert.Equal(ids[^1], stats.RootElement.GetProperty("maxValues").GetProperty("trade_id").GetInt64());
        }
        var audit = await lake.AuditAsync();
        Assert.True(audit.Clean);
        Assert.Equal(lake.Backfill.Trades, audit.Trades);

        // The commit as the protocol describes OPTIMIZE: removes and adds all dataChange=false, metrics in commitInfo.
        var lines = File.ReadAllLines(Path.Combine(lake.TableFolder, "_delta_log", "00000000000000000002.json")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var info = lines.Single(l => l.TryGetProperty("commitInfo", out _)).GetProperty("commitInfo");
        Assert.Equal("OPTIMIZE", info.GetProperty("operation").GetString());
        Assert.Equal("SnapshotIsolation", info.GetProperty("isolationLevel").GetString());
        Assert.Equal("4", info.GetProperty("operationMetrics").GetProperty("numRemovedFiles").GetString());
        Assert.Equal("2", info.GetProperty("operationMetrics").GetProperty("numAddedFiles").GetString());
        Assert.Equal(lake.Backfill.Trades.ToString(System.Globalization.CultureInfo.InvariantCulture), info.GetProperty("operationMetrics").GetProperty("numOutputRows").GetString());
        var removes = lines.Where(l => l.TryGetProperty("remove", out _)).Select(l => l.GetProperty("remove")).ToList();
        Assert.Equal(4, removes.Count);
        Assert.All(removes, r => Assert.False(r.GetProperty("dataChange").GetBoolean()));
        Assert.All(lines.Where(l => l.TryGetProperty("add", out _)), a => Assert.False(a.GetProperty("add").GetProperty("dataChange").GetBoolean()));

        // DuckDB, an outside reader, sees the same rows in the live files.
        using var duck = new DuckDb();
        var files = string.Join(",", snapshot.Files.Select(f => DuckDb.Literal(Path.Combine(lake.Harness.LakePath, lake.Table.DataKey(f.Path)))));
        Assert.Equal(
            [$"{lake.Backfill.Trades}", $"{lake.Backfill.Trades}", $"{lake.Backfill.FirstId}", $"{lake.Backfill.LastId}"],
            duck.Query($"SELECT count(*), count(DISTINCT trade_id), min(trade_id), max(trade_id) FROM read_parquet([{files}])").Single());
    }

    [Fact]
    public async Task A_small_target_cuts_each_day_into_near_target_files_in_id_order_and_a_rerun_commits_nothing()
    {
        await using var lake = await MaintenanceLake.StartAsync(output);
        await lake.CompactInPassesAsync(6);
        var before = await lake.TableRowsAsync();
        // Twice the largest file: every file is small, and each day (six files) makes about three.
        var options = new OptimizeOptions { TargetFileBytes = 2 * (await lake.Table.LoadAsync()).Files.Max(f => f.Size) };

        var summary = await Optimizer(lake).RunAsync(options, CancellationToken.None);
        var rerun = await Optimizer(lake).RunAsync(options, CancellationToken.None);

        Assert.NotNull(summary.Version);
        Assert.Null(rerun.Version);
        Assert.Equal(before, await lake.TableRowsAsync());
        foreach (var partition in TradesTable.FilesByPartition(await lake.Table.LoadAsync()))
        {
            var files = partition.OrderBy(f => JsonDocument.Parse(f.Stats!).RootElement.GetProperty("minValues").GetProperty("trade_id").GetInt64()).ToList();
            output.WriteLine($"{partition.Key}: {string.Join(", ", files.Select(f => f.Size))}");
            Assert.InRange(files.Count, 2, 5);
            // Every file but the last near the target, so none counts as small again; the last may be a small tail.
            Assert.All(files.SkipLast(1), f => Assert.InRange(f.Size, options.TargetFileBytes * 0.8, options.TargetFileBytes * 1.2));
            Assert.InRange(files[^1].Size, 1, options.TargetFileBytes * 1.25);
            // Id ranges follow each other: the partition is one sorted sequence cut into pieces.
            var ranges = new List<(long First, long Last)>();
            foreach (var file in files)
            {
                var ids = await TradeFileReader.ReadIdsAsync((await lake.Store.GetAsync(lake.Table.DataKey(file.Path)))!);
                ranges.Add((ids[0], ids[^1]));
            }
            for (var i = 1; i < ranges.Count; i++)
                Assert.Equal(ranges[i - 1].Last + 1, ranges[i].First);
        }
        Assert.True((await lake.AuditAsync()).Clean);
    }

    [Fact]
    public async Task The_symbol_and_date_filters_limit_the_rewrite_to_the_days_asked_for()
    {
        await using var lake = await MaintenanceLake.StartAsync(output);
        await lake.CompactInPassesAsync();

        var other = await Optimizer(lake).RunAsync(new OptimizeOptions { Symbol = "ETHUSDT" }, CancellationToken.None);
        var secondDay = await Optimizer(lake).RunAsync(new OptimizeOptions { Symbol = MaintenanceLake.Symbol, FromDate = MaintenanceLake.To, ToDate = MaintenanceLake.To }, CancellationToken.None);

        Assert.Null(other.Version);
        Assert.Equal(0, other.PartitionsConsidered);
        Assert.Equal((1, 1, 2, 1), (secondDay.PartitionsConsidered, secondDay.PartitionsRewritten, secondDay.FilesRemoved, secondDay.FilesAdded));
        var files = TradesTable.FilesByPartition(await lake.Table.LoadAsync());
        Assert.Equal(2, files.Single(p => p.Key.Day == MaintenanceLake.From).Count());
        Assert.Single(files.Single(p => p.Key.Day == MaintenanceLake.To));
        await Assert.ThrowsAsync<ArgumentException>(() => Optimizer(lake).RunAsync(new OptimizeOptions { FromDate = MaintenanceLake.To, ToDate = MaintenanceLake.From }, CancellationToken.None));
    }

    [Fact]
    public async Task A_trade_id_stored_twice_is_kept_once_and_counted()
    {
        await using var lake = await MaintenanceLake.StartAsync(output);
        await lake.Compactor().RunAsync(CancellationToken.None);
        // A stray writer appends 25 trades the table already holds (compact itself never would).
        var table = lake.Table;
        var snapshot = await table.LoadAsync();
        var victim = snapshot.Files.First();
        var rows = (await TradeFileReader.ReadRowsAsync((await lake.Store.GetAsync(table.DataKey(victim.Path)))!))[100..125]
            .Select(r => r with { Source = RawSource.Live }).ToArray();
        var path = TradePartition.From(victim)!.Value.NewFilePath();
        var content = TradeFileWriter.Write(rows);
        await lake.Store.PutAsync(table.DataKey(path), content);
        var append = table.StartTransaction(snapshot);
        append.Add(new AddFile(path, victim.PartitionValues, content.Length, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), true, null, null));
        await append.CommitAsync("WRITE");
        Assert.Equal(25, (await lake.AuditAsync()).Days.Sum(d => d.Duplicates));

        var summary = await Optimizer(lake).RunAsync(new OptimizeOptions(), CancellationToken.None);

        Assert.Equal(25, summary.DuplicatesDropped);
        Assert.Equal(1, summary.PartitionsRewritten);
        var audit = await lake.AuditAsync();
        Assert.True(audit.Clean);
        Assert.Equal(lake.Backfill.Trades, audit.Trades);
        Assert.Equal(audit.Days.Single(d => d.Day == TradePartition.From(victim)!.Value.Day).Count, summary.Rows);
        // The copy the table held first wins: the rows still come from REST.
        Assert.All(await lake.TableRowsAsync(), r => Assert.Equal(RawSource.Rest, r.Source));
    }

    [Fact]
    public async Task An_optimize_that_loses_the_race_deletes_its_files_and_a_retry_from_a_fresh_snapshot_has_nothing_left_to_do()
    {
        await using var lake = await MaintenanceLake.StartAsync(output);
        await lake.CompactInPassesAsync();
        var hooked = new HookedStore(lake.Store);
        var winner = new Optimizer(lake.Store, lake.Harness.Logger);
        OptimizeSummary? won = null;
        // The other optimize runs to the end while the first is about to write its first file.
        hooked.BeforePut = async key =>
        {
            hooked.BeforePut = null;
            won = await winner.RunAsync(new OptimizeOptions(), CancellationToken.None);
        };

        await Assert.ThrowsAsync<DeltaConcurrencyException>(() => new Optimizer(hooked, lake.Harness.Logger).RunAsync(new OptimizeOptions(), CancellationToken.None));
        var retry = await new Optimizer(hooked, lake.Harness.Logger).RunAsync(new OptimizeOptions(), CancellationToken.None);

        Assert.Equal(2, won?.Version);
        Assert.Null(retry.Version);
        Assert.Equal([0L, 1, 2], lake.CommitVersions());
        // On storage: the 4 replaced files and the winner's 2; the loser's own files are gone.
        Assert.Equal(6, lake.DataFilesOnStorage().Count);
        Assert.Empty(await lake.MissingLiveFilesAsync());
        Assert.Equal(lake.ExpectedTrades(), (await lake.TableRowsAsync()).Select(r => r.Trade));
    }
}
