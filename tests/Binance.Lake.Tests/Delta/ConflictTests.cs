using Binance.Lake.Core.Storage;
using Binance.Lake.Tests.Support;
using Binance.Lake.Transform.Delta;

namespace Binance.Lake.Tests.Delta;

/// <summary>
/// Two transactions from the same snapshot: the second one loses the race for the version, reads the winner,
/// and either retries one version later or fails with <see cref="DeltaConcurrencyException"/>.
/// </summary>
public sealed class ConflictTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly DeltaTable _table;

    public ConflictTests() => _table = new DeltaTable(new LocalObjectStore(_temp.Path), "curated/trades");

    [Fact]
    public async Task Two_blind_appends_land_at_consecutive_versions()
    {
        var snapshot = await CreateAsync();
        var first = _table.StartTransaction(snapshot);
        var second = _table.StartTransaction(snapshot);
        var a = await TradeFiles.WriteAsync(_table, "2024-08-08", 100, 1);
        var b = await TradeFiles.WriteAsync(_table, "2024-08-08", 200, 1);
        first.Add(a);
        second.Add(b);

        Assert.Equal(2, await first.CommitAsync("WRITE"));
        Assert.Equal(3, await second.CommitAsync("WRITE"));

        var latest = await _table.LoadAsync();
        Assert.Contains(latest.Files, f => f.Path == a.Path);
        Assert.Contains(latest.Files, f => f.Path == b.Path);
        Assert.Equal(2, latest.CommitInfo?.ReadVersion);
    }

    [Fact]
    public async Task Removing_the_same_file_twice_fails_the_second()
    {
        var snapshot = await CreateAsync();
        var victim = snapshot.Files.First();
        var first = _table.StartTransaction(snapshot);
        var second = _table.StartTransaction(snapshot);
        first.Remove(victim.ToRemove(1));
        second.Remove(victim.ToRemove(2));

        await first.CommitAsync("DELETE");
        var conflict = await Assert.ThrowsAsync<DeltaConcurrencyException>(() => second.CommitAsync("DELETE"));

        Assert.Equal(2, conflict.WinningVersion);
        Assert.Contains(victim.Path, conflict.Message);
        Assert.Equal(2, (await _table.LoadAsync()).Version);
    }

    [Fact]
    public async Task Two_compactions_of_the_same_file_conflict()
    {
        var snapshot = await CreateAsync();
        var victim = snapshot.Files.First();
        var first = _table.StartTransaction(snapshot);
        var second = _table.StartTransaction(snapshot);
        first.Remove(victim.ToRemove(1, dataChange: false));
        first.Add(await TradeFiles.WriteAsync(_table, "2024-08-08", 0, 2, dataChange: false));
        second.Remove(victim.ToRemove(1, dataChange: false));
        second.Add(await TradeFiles.WriteAsync(_table, "2024-08-08", 0, 2, dataChange: false));

        await first.CommitAsync("OPTIMIZE");
        await Assert.ThrowsAsync<DeltaConcurrencyException>(() => second.CommitAsync("OPTIMIZE"));
    }

    [Fact]
    public async Task A_rewrite_conflicts_with_a_non_blind_add_in_its_partition_only()
    {
        var snapshot = await CreateAsync();
        var victim = snapshot.Files.Single(f => f.PartitionValues["trade_date"] == "2024-08-08");

        // Winner: an overwrite of the other partition that also adds to 2024-08-08, not a blind append.
        var winner = _table.StartTransaction(snapshot);
        winner.Remove(snapshot.Files.Single(f => f.PartitionValues["trade_date"] == "2024-08-09").ToRemove(1));
        winner.Add(await TradeFiles.WriteAsync(_table, "2024-08-08", 500, 1));
        var loser = _table.StartTransaction(snapshot);
        loser.Remove(victim.ToRemove(1));
        loser.Add(await TradeFiles.WriteAsync(_table, "2024-08-08", 0, 1));

        await winner.CommitAsync("MERGE");
        var conflict = await Assert.ThrowsAsync<DeltaConcurrencyException>(() => loser.CommitAsync("DELETE"));
        Assert.Contains("partition", conflict.Message);

        // The same rewrite against a winner that only added to another partition goes through.
        var fresh = await _table.LoadAsync();
        var other = _table.StartTransaction(fresh);
        other.Remove(fresh.Files.Single(f => f.Path.Contains("part-000500", StringComparison.Ordinal)).ToRemove(1));
        other.Add(await TradeFiles.WriteAsync(_table, "2024-08-10", 600, 1));
        var rewrite = _table.StartTransaction(fresh);
        rewrite.Remove(victim.ToRemove(1));
        await other.CommitAsync("MERGE");
        Assert.Equal(4, await rewrite.CommitAsync("DELETE"));
    }

    [Fact]
    public async Task Blind_appends_never_conflict_with_a_rewrite_or_a_compaction()
    {
        var snapshot = await CreateAsync();
        var victim = snapshot.Files.Single(f => f.PartitionValues["trade_date"] == "2024-08-08");
        var append = _table.StartTransaction(snapshot);
        append.Add(await TradeFiles.WriteAsync(_table, "2024-08-08", 900, 1));
        var rewrite = _table.StartTransaction(snapshot);
        rewrite.Remove(victim.ToRemove(1));
        var compaction = _table.StartTransaction(snapshot);
        compaction.Remove(snapshot.Files.Single(f => f.PartitionValues["trade_date"] == "2024-08-09").ToRemove(1, dataChange: false));
        compaction.Add(await TradeFiles.WriteAsync(_table, "2024-08-09", 50, 2, dataChange: false));

        Assert.Equal(2, await append.CommitAsync("WRITE"));
        Assert.Equal(3, await rewrite.CommitAsync("DELETE"));
        Assert.Equal(4, await compaction.CommitAsync("OPTIMIZE"));
        var history = await _table.HistoryAsync();
        Assert.Equal("SnapshotIsolation", history[0].Info?.IsolationLevel);
        Assert.Equal(2, (await _table.LoadAsync()).Files.Count);
    }

    [Fact]
    public async Task The_same_app_id_cannot_commit_concurrently_but_different_ones_can()
    {
        var snapshot = await CreateAsync();
        var first = _table.StartTransaction(snapshot);
        var same = _table.StartTransaction(snapshot);
        var other = _table.StartTransaction(snapshot);
        first.SetTxn("ingest", 7);
        same.SetTxn("ingest", 7);
        other.SetTxn("backfill", 1);

        await first.CommitAsync("WRITE");
        await Assert.ThrowsAsync<DeltaConcurrencyException>(() => same.CommitAsync("WRITE"));
        Assert.Equal(3, await other.CommitAsync("WRITE"));
        var latest = await _table.LoadAsync();
        Assert.Equal(7, latest.TxnVersion("ingest"));
        Assert.Equal(1, latest.TxnVersion("backfill"));
    }

    [Fact]
    public async Task A_concurrent_metadata_change_fails_every_other_writer()
    {
        var snapshot = await CreateAsync();
        var alter = _table.StartTransaction(snapshot);
        alter.SetMetadata(snapshot.Metadata with { Configuration = new Dictionary<string, string> { ["delta.checkpointInterval"] = "5" } });
        var append = _table.StartTransaction(snapshot);
        append.Add(await TradeFiles.WriteAsync(_table, "2024-08-08", 900, 1));

        await alter.CommitAsync("SET TBLPROPERTIES");
        var conflict = await Assert.ThrowsAsync<DeltaConcurrencyException>(() => append.CommitAsync("WRITE"));
        Assert.Contains("metadata", conflict.Message);
    }

    [Fact]
    public async Task Creating_a_table_twice_fails_the_second_creator()
    {
        var first = _table.StartTransaction(null);
        var second = _table.StartTransaction(null);
        first.SetMetadata(TradeFiles.NewMetadata());
        second.SetMetadata(TradeFiles.NewMetadata());

        await first.CommitAsync("CREATE TABLE");
        var conflict = await Assert.ThrowsAsync<DeltaConcurrencyException>(() => second.CommitAsync("CREATE TABLE"));
        Assert.Contains("already exists", conflict.Message);
    }

    private async Task<Snapshot> CreateAsync()
    {
        var create = _table.StartTransaction(null);
        create.SetMetadata(TradeFiles.NewMetadata());
        await create.CommitAsync("CREATE TABLE");
        var append = _table.StartTransaction(await _table.LoadAsync());
        append.Add(await TradeFiles.WriteAsync(_table, "2024-08-08", 0, 2));
        append.Add(await TradeFiles.WriteAsync(_table, "2024-08-09", 10, 2));
        await append.CommitAsync("WRITE");
        return await _table.LoadAsync();
    }

    public void Dispose() => _temp.Dispose();
}
