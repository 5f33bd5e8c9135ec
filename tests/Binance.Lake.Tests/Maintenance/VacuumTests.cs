using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Tests.Delta;
using Binance.Lake.Tests.Support;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Maintenance;
using Binance.Lake.Transform.Trades;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Maintenance;

/// <summary>Vacuum after optimize, with orphans of runs that never committed, and against a commit landing mid-run.</summary>
public class VacuumTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Vacuum_deletes_replaced_and_orphan_files_past_the_retention_keeps_every_live_file_and_a_dry_run_deletes_nothing()
    {
        await using var lake = await MaintenanceLake.StartAsync(output);
        await lake.CompactInPassesAsync();
        var replaced = lake.DataFilesOnStorage();
        await new Optimizer(lake.Store, lake.Harness.Logger).RunAsync(new OptimizeOptions(), CancellationToken.None);
        var table = lake.Table;
        var snapshot = await table.LoadAsync();
        var live = snapshot.Files.Select(f => table.DataKey(f.Path)).ToList();
        var partition = TradePartition.From(snapshot.Files.First())!.Value;
        var content = (await lake.Store.GetAsync(live[0]))!;
        // A killed compact's file (written, never committed), one a running compact has just written, and a file
        // in a '_' folder of the table, which is none of vacuum's business however old.
        var now = DateTimeOffset.UtcNow;
        var clock = new FixedClock(now + TimeSpan.FromDays(2));
        var orphan = table.DataKey(partition.NewFilePath());
        var inFlight = table.DataKey(partition.NewFilePath());
        var hidden = TradesTable.Path + "/_scratch/part-0.snappy.parquet";
        foreach (var key in new[] { orphan, inFlight, hidden })
            await lake.Store.PutAsync(key, content);
        lake.Age(orphan, now - TimeSpan.FromDays(3));
        lake.Age(inFlight, clock.Now - TimeSpan.FromMinutes(10));
        lake.Age(hidden, now - TimeSpan.FromDays(30));
        var versions = lake.CommitVersions();
        var expectedBytes = replaced.Append(orphan).Sum(k => new FileInfo(Path.Combine(lake.Harness.LakePath, k)).Length);
        var vacuum = new Vacuum(lake.Store, lake.Harness.Logger, clock);

        var week = await vacuum.RunAsync(Vacuum.DefaultRetention, dryRun: false, CancellationToken.None);
        var dry = await vacuum.RunAsync(TimeSpan.FromHours(24), dryRun: true, CancellationToken.None);
        Assert.Equal(versions, lake.CommitVersions());
        Assert.All(replaced.Append(orphan), key => Assert.True(File.Exists(Path.Combine(lake.Harness.LakePath, key)), key));
        var real = await vacuum.RunAsync(TimeSpan.FromHours(24), dryRun: false, CancellationToken.None);
        var again = await vacuum.RunAsync(TimeSpan.FromHours(24), dryRun: false, CancellationToken.None);

        // A week's retention: the replaced files are two days old, the orphan three; nothing goes, nothing is recorded.
        Assert.Equal((0, 8, 2, 6), (week.FilesDeleted, week.FilesListed, week.FilesLive, week.FilesRetained));
        Assert.Null(week.StartVersion);
        // A day's retention: the four replaced files and the old orphan; the dry run only names them.
        var expected = replaced.Append(orphan).Select(k => k[(TradesTable.Path.Length + 1)..]).Order(StringComparer.Ordinal).ToList();
        foreach (var summary in new[] { dry, real })
        {
            Assert.Equal((4, 1, 2, 1, 0), (summary.TombstonesDeleted, summary.OrphansDeleted, summary.FilesLive, summary.FilesRetained, summary.FilesSpared));
            Assert.Equal(expected, summary.Deleted.Order(StringComparer.Ordinal));
            Assert.Equal(expectedBytes, summary.BytesDeleted);
        }
        Assert.True(dry.DryRun);
        Assert.Null(dry.StartVersion);
        Assert.Equal((3L, 4L), (real.StartVersion, real.EndVersion));
        Assert.Equal(0, again.FilesDeleted);
        Assert.Null(again.StartVersion);
        Assert.Equal(versions.Append(3).Append(4), lake.CommitVersions());

        Assert.All(replaced.Append(orphan), key => Assert.False(File.Exists(Path.Combine(lake.Harness.LakePath, key)), key));
        Assert.All(live.Append(inFlight).Append(hidden), key => Assert.True(File.Exists(Path.Combine(lake.Harness.LakePath, key)), key));
        Assert.Empty(await lake.MissingLiveFilesAsync());
        Assert.True((await lake.AuditAsync()).Clean);
        Assert.Equal(lake.ExpectedTrades(), (await lake.TableRowsAsync()).Select(r => r.Trade));

        // Recorded as Spark and delta-rs record it: two commitInfo-only commits with the counts.
        var history = await table.HistoryAsync();
        var (endVersion, end) = history[0];
        var (startVersion, start) = history[1];
        Assert.Equal((4L, "VACUUM END", "COMPLETED", "5"), (endVersion, end!.Operation, end.OperationParameters["status"], end.OperationMetrics["numDeletedFiles"]));
        Assert.Equal((3L, "VACUUM START", "5"), (startVersion, start!.Operation, start.OperationMetrics["numFilesToDelete"]));
        Assert.Equal(2, (await table.LoadAsync()).Files.Count);
    }

    [Fact]
    public async Task A_retention_below_a_day_is_refused_unless_forced()
    {
        using var folder = new TempFolder();
        var vacuum = new Vacuum(new LocalObjectStore(folder.Path), new TestOutputLogger(output), TimeProvider.System);

        var refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => vacuum.RunAsync(TimeSpan.FromHours(23.9), dryRun: false, CancellationToken.None));
        var forced = await vacuum.RunAsync(TimeSpan.Zero, dryRun: true, force: true, CancellationToken.None);

        Assert.Contains("about to commit", refused.Message);
        Assert.Equal(0, forced.FilesDeleted);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => vacuum.RunAsync(TimeSpan.FromHours(-1), dryRun: true, force: true, CancellationToken.None));
    }

    [Fact]
    public async Task A_file_committed_between_the_listing_and_the_deletes_is_kept()
    {
        await using var lake = await MaintenanceLake.StartAsync(output);
        var late = lake.Chunks[5];
        await lake.HoldBackAsync([late.Key]);
        await lake.Compactor().RunAsync(CancellationToken.None);
        Assert.Equal(late.Page.Trades.Count, (await lake.AuditAsync()).Days.Sum(d => d.MissingCount));

        // A slow compact wrote this chunk's file two days ago and commits it just as vacuum has listed the table:
        // at the listing the file is an old orphan, by the deletes it is live.
        var table = lake.Table;
        var rows = late.Page.Trades.Select(t => new TradeRow(t, RawSource.Rest)).ToArray();
        var partition = TradePartition.Of(MaintenanceLake.Symbol, rows[0].Trade.TimeMicros);
        Assert.Equal(partition, TradePartition.Of(MaintenanceLake.Symbol, rows[^1].Trade.TimeMicros));
        var path = partition.NewFilePath();
        var content = TradeFileWriter.Write(rows);
        await lake.Store.PutAsync(table.DataKey(path), content);
        lake.Age(table.DataKey(path), DateTimeOffset.UtcNow - TimeSpan.FromDays(2));
        var hooked = new HookedStore(lake.Store);
        hooked.BeforeList = async prefix =>
        {
            if (prefix != TradesTable.Path + "/")
                return;
            hooked.BeforeList = null;
            var commit = table.StartTransaction(await table.LoadAsync());
            commit.Add(new AddFile(path, partition.Values, content.Length, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), true, TradeFileStats.Of(rows), null));
            await commit.CommitAsync("WRITE");
        };

        var summary = await new Vacuum(hooked, lake.Harness.Logger, TimeProvider.System).RunAsync(TimeSpan.FromHours(24), dryRun: false, CancellationToken.None);

        Assert.Equal((1, 0), (summary.FilesSpared, summary.FilesDeleted));
        Assert.Empty(await lake.MissingLiveFilesAsync());
        var audit = await lake.AuditAsync();
        Assert.True(audit.Clean);
        Assert.Equal(lake.Backfill.Trades, audit.Trades);
    }
}
