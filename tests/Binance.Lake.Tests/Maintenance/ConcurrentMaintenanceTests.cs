using System.Collections.Concurrent;
using Binance.Lake.Tests.Delta;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Maintenance;
using Binance.Lake.Transform.Trades;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Maintenance;

/// <summary>The issue's requirement: optimize and vacuum are safe to run while compact runs.</summary>
public class ConcurrentMaintenanceTests(ITestOutputHelper output)
{
    private const int Rounds = 4;
    private const int OptimizeAttempts = 5;

    [Fact]
    public async Task Compact_optimize_and_vacuum_run_together_without_losing_a_commit_or_a_row()
    {
        await using var lake = await MaintenanceLake.StartAsync(output);
        var logger = lake.Harness.Logger;
        var commits = new ConcurrentBag<(string Who, long Version)>();
        // A third of the backfill is in the table before the race, replaced once by optimize (tombstones) and with
        // a killed compact's file lying around (orphan); the rest arrives in rounds, each compacted while two
        // optimizes and a vacuum run.
        var arriving = await lake.HoldBackAsync(lake.Chunks.Skip(lake.Chunks.Count / 3).Select(c => c.Key));
        await lake.CompactInPassesAsync();
        commits.Add(("setup compact", 0));
        commits.Add(("setup compact", 1));
        var setupOptimize = await new Optimizer(lake.Store, logger).RunAsync(new OptimizeOptions(), CancellationToken.None);
        commits.Add(("setup optimize", setupOptimize.Version!.Value));
        var table = lake.Table;
        var live = (await table.LoadAsync()).Files.Select(f => table.DataKey(f.Path)).ToList();
        var orphan = table.DataKey(TradePartition.From((await table.LoadAsync()).Files.First())!.Value.NewFilePath());
        await lake.Store.PutAsync(orphan, (await lake.Store.GetAsync(live[0]))!);
        var garbage = lake.DataFilesOnStorage().Except(live).ToList();
        Assert.Equal(3, garbage.Count);

        // Vacuum deletes with retention 0 (forced), but its clock stands at the start of the race: everything the
        // setup left unreferenced is past the retention, everything written during the race (compact's and
        // optimize's files before their commits) is not. A vacuum that deleted a referenced file (all of them are
        // older than the cutoff) or a file in flight would leave the table pointing at nothing.
        // The margins keep the file system's coarse timestamps on the right side of the cutoff.
        await Task.Delay(100);
        var start = new FixedClock(DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(50));
        var conflicts = 0;
        var vacuums = 0;

        async Task CompactAsync(IEnumerable<(string Key, byte[] Body)> batch)
        {
            await lake.ReturnAsync(batch);
            if ((await lake.Compactor().RunAsync(CancellationToken.None)).Version is { } version)
                commits.Add(("compact", version));
        }

        async Task OptimizeAsync()
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    if ((await new Optimizer(lake.Store, logger).RunAsync(new OptimizeOptions(), CancellationToken.None)).Version is { } version)
                        commits.Add(("optimize", version));
                    return;
                }
                catch (DeltaConcurrencyException e) when (attempt < OptimizeAttempts)
                {
                    // Another optimize rewrote the same files first: start again from the table as it is now.
                    Interlocked.Increment(ref conflicts);
                    output.WriteLine($"optimize attempt {attempt} lost: {e.Message}");
                }
            }
        }

        async Task VacuumAsync()
        {
            var summary = await new Vacuum(lake.Store, logger, start).RunAsync(TimeSpan.Zero, dryRun: false, force: true, CancellationToken.None);
            foreach (var version in new[] { summary.StartVersion, summary.EndVersion }.OfType<long>())
                commits.Add(("vacuum", version));
        }

        foreach (var batch in arriving.Chunk((arriving.Count + Rounds - 1) / Rounds))
        {
            var half = batch.Length / 2;
            var compacting = Task.Run(async () =>
            {
                await CompactAsync(batch[..half]);
                await CompactAsync(batch[half..]);
            });
            // Vacuum again and again while the compacts run, so it lists the table while their files are in flight.
            var vacuuming = Task.Run(async () =>
            {
                do
                {
                    await VacuumAsync();
                    vacuums++;
                }
                while (!compacting.IsCompleted);
            });
            await Task.WhenAll(compacting, Task.Run(OptimizeAsync), Task.Run(OptimizeAsync), vacuuming);
        }
        await CompactAsync([]);
        await OptimizeAsync();
        await VacuumAsync();
        output.WriteLine($"{commits.Count} commits: {string.Join(", ", commits.OrderBy(c => c.Version).Select(c => $"{c.Version} {c.Who}"))}; {conflicts} optimize conflict(s), {vacuums} vacuums");

        // No commit lost: the log is contiguous from 0 and holds exactly the versions the writers were given.
        var versions = lake.CommitVersions();
        Assert.Equal(Enumerable.Range(0, versions.Count).Select(v => (long)v), versions);
        Assert.Equal(versions, commits.Select(c => c.Version).Order());
        Assert.Equal(Rounds * 2, commits.Count(c => c.Who == "compact"));
        // No row lost: every trade of every compact, once, with its values; every live file on storage.
        Assert.Empty(await lake.MissingLiveFilesAsync());
        var audit = await lake.AuditAsync();
        Assert.True(audit.Clean);
        Assert.Equal(lake.Backfill.Trades, audit.Trades);
        Assert.Equal(lake.ExpectedTrades(), (await lake.TableRowsAsync()).Select(r => r.Trade));
        // And vacuum did its work meanwhile: what the setup left unreferenced is gone.
        Assert.All(garbage, key => Assert.False(File.Exists(Path.Combine(lake.Harness.LakePath, key)), key));
    }
}
