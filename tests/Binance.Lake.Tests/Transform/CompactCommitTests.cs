using Binance.Lake.Core.Lake;
using Binance.Lake.Extract.RawFormats;
using Binance.Lake.Tests.Maintenance;
using Binance.Lake.Transform.Compaction;
using Binance.Lake.Transform.Trades;
using Xunit;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Transform;

/// <summary>Long compacts commit as they go: a kill loses only the work since the last commit, and nothing is claimed early.</summary>
public sealed class CompactCommitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Each_commit_claims_only_raw_chunks_whose_days_are_all_written()
    {
        await using var lake = await MaintenanceLake.StartAsync(output);

        var summary = await new Compactor(lake.Store, RawChunkDecoders.All, lake.Harness.Logger) { CommitEveryFiles = 1 }.RunAsync(CancellationToken.None);

        Assert.Equal(2, summary.FilesWritten);
        Assert.Equal([0L, 1L], lake.CommitVersions());
        var firstDayEnd = new TradePartition(MaintenanceLake.Symbol, MaintenanceLake.From).StartMicros + TradePartition.MicrosPerDay;
        var firstManifest = await ManifestAsync(lake, 0);
        Assert.NotEmpty(firstManifest);
        // The chunk that crosses midnight has trades of day two: only the second commit may claim it.
        Assert.All(lake.Chunks.Where(c => firstManifest.Contains(c.Key)), c => Assert.True(c.Page.Trades[^1].TimeMicros < firstDayEnd));
        Assert.Equal(lake.Chunks.Count, firstManifest.Count + (await ManifestAsync(lake, 1)).Count);
        Assert.Equal(lake.ExpectedTrades(), (await lake.TableRowsAsync()).Select(r => r.Trade));
    }

    [Fact]
    public async Task A_compact_killed_after_its_first_commit_leaves_that_commit_and_the_next_run_finishes_exactly()
    {
        await using var lake = await MaintenanceLake.StartAsync(output);
        await KilledAtSecondDataFileAsync(lake);
        var afterKill = await lake.TableRowsAsync();
        Assert.NotEmpty(afterKill);
        Assert.All(afterKill, r => Assert.Equal(MaintenanceLake.From, TradePartition.Of(MaintenanceLake.Symbol, r.Trade.TimeMicros).Day));

        var rerun = await lake.Compactor().RunAsync(CancellationToken.None);

        Assert.Equal(lake.ExpectedTrades(), (await lake.TableRowsAsync()).Select(r => r.Trade));
        Assert.Equal(lake.ExpectedTrades().Count, afterKill.Count + rerun.TradesAdded);
        Assert.True((await lake.AuditAsync()).Clean);
        Assert.Null((await lake.Compactor().RunAsync(CancellationToken.None)).Version);
    }

    [Fact]
    public async Task A_table_deleted_and_built_again_neither_counts_the_old_tables_manifests_nor_is_kept_from_writing_its_own()
    {
        await using var lake = await MaintenanceLake.StartAsync(output);
        // The old table took every chunk in one commit, version 0.
        await lake.Compactor().RunAsync(CancellationToken.None);
        Directory.Delete(Path.Combine(lake.Harness.LakePath, TradesTable.Path), recursive: true);

        // The new one is killed after its own version 0, which holds the first day only.
        await KilledAtSecondDataFileAsync(lake);
        Assert.NotEqual(lake.Chunks.Count, (await ManifestAsync(lake, 0)).Count);

        await lake.Compactor().RunAsync(CancellationToken.None);

        Assert.Equal(lake.ExpectedTrades(), (await lake.TableRowsAsync()).Select(r => r.Trade));
        Assert.True((await lake.AuditAsync()).Clean);
    }

    // A compact committing after every file, killed as it writes its second: its first commit stands.
    private static async Task KilledAtSecondDataFileAsync(MaintenanceLake lake)
    {
        var dataFiles = 0;
        var crashing = new HookedStore(lake.Store)
        {
            BeforePut = key => key.StartsWith(TradesTable.Path + "/trade_year=", StringComparison.Ordinal) && ++dataFiles == 2
                ? throw new IOException("killed")
                : Task.CompletedTask,
        };
        await Assert.ThrowsAsync<IOException>(() => new Compactor(crashing, RawChunkDecoders.All, lake.Harness.Logger) { CommitEveryFiles = 1 }.RunAsync(CancellationToken.None));
    }

    private static async Task<HashSet<string>> ManifestAsync(MaintenanceLake lake, long version)
    {
        using var manifest = System.Text.Json.JsonDocument.Parse((await lake.Store.GetAsync($"_state/compact/{version:D20}.json"))!);
        return manifest.RootElement.GetProperty("rawKeys").EnumerateArray().Select(k => k.GetString()!).ToHashSet();
    }
}
