using Binance.Lake.Core.Storage;
using Binance.Lake.Tests.Support;
using Binance.Lake.Transform.Delta;

namespace Binance.Lake.Tests.Delta;

/// <summary>
/// Every table in the shared fixtures, written by Spark (Delta 0.2 to 3.0) and delta-rs, replays to the files a
/// naive reading of its JSON commits gives, and its data files, read by DuckDB as plain Parquet with partition
/// values injected from the log, hold the rows the table is known to hold.
/// </summary>
public sealed class FixtureReplayTests : IDisposable
{
    private readonly DuckDb _duck = new();

    public static TheoryData<string> Tables => new()
    {
        "delta-0.2.0", "basic-with-inserts-deletes-checkpoint", "delta-2.2.0-partitioned-types", "dat-multi_partitioned/delta",
        "data-reader-partition-values", "snapshot-repartitioned", "python-0.25.5-checkpoint", "simple_table", "delta-0.8.0-special-partition",
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task Live_files_match_a_replay_of_the_json_by_hand(string fixture)
    {
        var folder = DeltaFixtures.Folder(fixture);
        var expected = HandReplay.Of(folder);

        var snapshot = await DeltaFixtures.Open(fixture).LoadAsync();

        Assert.Equal(expected.Version, snapshot.Version);
        Assert.Equal(expected.Live.Order(StringComparer.Ordinal), snapshot.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Equal(expected.Txns, snapshot.AppTransactions);
        Assert.Equal(Protocol.Default, snapshot.Protocol);
        // Every live file is where DataKey says, however its path was escaped.
        var table = DeltaFixtures.Open(fixture);
        Assert.All(snapshot.Files, f => Assert.True(File.Exists(Path.Combine(folder, table.DataKey(f.Path))), f.Path));
    }

    [Fact]
    public async Task Delta_0_2_0_uses_its_checkpoint_txn_and_old_style_tombstones()
    {
        // The clock one day after the last commit: the v2 overwrite's four removes are still tombstones.
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeMilliseconds(1564524299648).AddDays(1));
        var table = DeltaFixtures.Open("delta-0.2.0", clock);

        var snapshot = await table.LoadAsync();

        Assert.Equal(3, snapshot.Version);
        Assert.Equal(
            ["part-00000-7c2deba3-1994-4fb8-bc07-d46c948aa415-c000.snappy.parquet", "part-00000-cb6b150b-30b8-4662-ad28-ff32ddab96d2-c000.snappy.parquet", "part-00001-c373a5bd-85f0-4758-815e-7eb62007a15c-c000.snappy.parquet"],
            snapshot.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Equal(0, snapshot.TxnVersion("e4a20b59-dd0e-4c50-b074-e8ae4786df30"));
        Assert.Null(snapshot.TxnVersion("someone-else"));
        Assert.Equal(4, snapshot.Tombstones.Count);
        Assert.All(snapshot.Tombstones, r => Assert.Null(r.ExtendedFileMetadata));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1564524299648), snapshot.Timestamp);
        Assert.Equal("STREAMING UPDATE", snapshot.CommitInfo?.Operation);
        var field = Assert.Single(snapshot.Metadata.Schema.Fields);
        Assert.Equal(new StructField("value", "integer"), field);
        Assert.Equal(["1", "1", "2", "2", "3", "3"], _duck.TableRows(DeltaFixtures.Folder("delta-0.2.0"), table, snapshot, "value"));

        // A week later the tombstones have expired.
        clock.Now = clock.Now.AddDays(7);
        Assert.Empty((await table.LoadAsync()).Tombstones);
    }

    [Fact]
    public async Task A_checkpoint_replaces_the_commits_before_it()
    {
        using var temp = new TempFolder();
        var folder = DeltaFixtures.CopyTo("delta-0.2.0", temp);
        var table = new DeltaTable(new LocalObjectStore(folder), "");
        var before = await table.LoadAsync();
        for (var v = 0; v < 3; v++)
            File.Delete(Path.Combine(folder, "_delta_log", $"{v:D20}.json"));

        var after = await table.LoadAsync();

        Assert.Equal(3, after.Version);
        Assert.Equal(before.Files.Select(f => f.Path).Order(), after.Files.Select(f => f.Path).Order());
        Assert.Equal(before.AppTransactions, after.AppTransactions);
        var gone = await Assert.ThrowsAsync<DeltaException>(() => table.LoadAsync(1));
        Assert.Contains("missing commit(s) 0, 1", gone.Message);
    }

    [Fact]
    public async Task Basic_with_inserts_deletes_checkpoint_at_10_and_rows_after_deletes()
    {
        using var temp = new TempFolder();
        var folder = DeltaFixtures.CopyTo("basic-with-inserts-deletes-checkpoint", temp);
        var table = new DeltaTable(new LocalObjectStore(folder), "");
        var full = await table.LoadAsync();
        // Without commits 0..9 only the Delta 3.0 checkpoint (with deletionVector/domainMetadata columns) can say what v10 was.
        for (var v = 0; v < 10; v++)
            File.Delete(Path.Combine(folder, "_delta_log", $"{v:D20}.json"));

        var latest = await table.LoadAsync();
        var atCheckpoint = await table.LoadAsync(10);

        Assert.Equal(13, latest.Version);
        Assert.Equal(full.Files.Select(f => (f.Path, f.Size, f.Stats)).Order(), latest.Files.Select(f => (f.Path, f.Size, f.Stats)).Order());
        Assert.Equal(HandReplay.Of(DeltaFixtures.Folder("basic-with-inserts-deletes-checkpoint"), 10).Live.Order(), atCheckpoint.Files.Select(f => f.Path).Order());
        Assert.All(atCheckpoint.Files, f => Assert.Contains("numRecords", f.Stats));
        var expected = new[] { 0, 10, 20, 30, 40 }.SelectMany(s => Enumerable.Range(s, 5)).Concat(Enumerable.Range(50, 16)).Select(i => i.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(expected, _duck.TableRows(folder, table, latest, "id"));
        Assert.Equal("DELETE", latest.CommitInfo?.Operation);
        Assert.Equal("2", latest.CommitInfo?.OperationMetrics["numRemovedFiles"]);
    }

    [Fact]
    public async Task Python_0_25_5_checkpoint_with_explicit_nulls()
    {
        using var temp = new TempFolder();
        var folder = DeltaFixtures.CopyTo("python-0.25.5-checkpoint", temp);
        var table = new DeltaTable(new LocalObjectStore(folder), "");
        File.Delete(Path.Combine(folder, "_delta_log", $"{0:D20}.json"));

        var snapshot = await table.LoadAsync();

        Assert.Equal(1, snapshot.Version);
        Assert.Equal(2, snapshot.Files.Count);
        Assert.All(snapshot.Files, f => Assert.Null(f.Tags));
        Assert.Equal("5d650ad7-a5bc-41ef-942d-8cb1911e929f", snapshot.Metadata.Id);
        Assert.Null(snapshot.Metadata.Name);
        Assert.Equal("3", snapshot.CommitInfo?.OperationMetrics["num_added_rows"]);
        Assert.Equal(["1", "1", "2", "2", "3", "3"], _duck.TableRows(folder, table, snapshot, "x"));
    }

    [Fact]
    public async Task Simple_table_ignores_the_stray_temp_commit()
    {
        var table = DeltaFixtures.Open("simple_table");

        var snapshot = await table.LoadAsync();

        // _delta_log/.tmp/00000000000000000005.json is an abandoned write, not version 5.
        Assert.Equal(4, snapshot.Version);
        Assert.Equal(5, snapshot.Files.Count);
        Assert.DoesNotContain(snapshot.Files, f => f.Path.Contains("c001", StringComparison.Ordinal));
        Assert.Equal(["5", "7", "9"], _duck.TableRows(DeltaFixtures.Folder("simple_table"), table, snapshot, "id"));
        await Assert.ThrowsAsync<DeltaTableNotFoundException>(() => table.LoadAsync(5));
    }

    [Fact]
    public async Task Snapshot_repartitioned_keeps_the_data_change_false_rewrite()
    {
        var table = DeltaFixtures.Open("snapshot-repartitioned");

        var snapshot = await table.LoadAsync();

        Assert.Equal(5, snapshot.Version);
        Assert.Equal(2, snapshot.Files.Count);
        Assert.All(snapshot.Files, f => Assert.False(f.DataChange));
        var expected = Enumerable.Range(0, 20).Select(i => $"{i}|data-3-{i}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, _duck.TableRows(DeltaFixtures.Folder("snapshot-repartitioned"), table, snapshot, "col1", "col2"));
    }

    [Fact]
    public async Task Special_characters_in_partition_values_are_decoded_once()
    {
        var table = DeltaFixtures.Open("delta-0.8.0-special-partition");

        var snapshot = await table.LoadAsync();

        var byValue = snapshot.Files.ToDictionary(f => f.PartitionValues["x"]!, f => table.DataKey(f.Path));
        Assert.Equal("x=A%2FA/part-00007-b350e235-2832-45df-9918-6cab4f7578f7.c000.snappy.parquet", byValue["A/A"]);
        Assert.Equal("x=B%20B/part-00015-e9abbc6f-85e9-457b-be8e-e9f5b8a22890.c000.snappy.parquet", byValue["B B"]);
        Assert.Equal(["A/A|1", "B B|2"], _duck.TableRows(DeltaFixtures.Folder("delta-0.8.0-special-partition"), table, snapshot, "x", "y"));
    }

    [Fact]
    public async Task Partitioned_by_an_int_and_a_string()
    {
        var table = DeltaFixtures.Open("delta-2.2.0-partitioned-types");

        var snapshot = await table.LoadAsync();

        Assert.Equal(["c1", "c2"], snapshot.Metadata.PartitionColumns);
        Assert.Equal(["4|c|5", "5|b|6", "6|a|4"], _duck.TableRows(DeltaFixtures.Folder("delta-2.2.0-partitioned-types"), table, snapshot, "c1", "c2", "c3"));
    }

    [Fact]
    public async Task Twelve_partition_types_including_the_literal_string_null()
    {
        var table = DeltaFixtures.Open("data-reader-partition-values");
        var columns = new[] { "as_int", "as_long", "as_byte", "as_short", "as_boolean", "as_float", "as_double", "as_string", "as_string_lit_null", "as_date", "as_timestamp", "as_big_decimal" };

        var snapshot = await table.LoadAsync();

        Assert.Equal(columns, snapshot.Metadata.PartitionColumns);
        var allNull = Assert.Single(snapshot.Files, f => f.PartitionValues["as_int"] is null);
        Assert.All(columns, c => Assert.Null(allNull.PartitionValues[c]));
        // "null" in the log is the four-letter string, not a null.
        Assert.All(snapshot.Files.Where(f => f != allNull), f => Assert.Equal("null", f.PartitionValues["as_string_lit_null"]));
        var timestampFile = snapshot.Files.Single(f => f.PartitionValues["as_int"] == "0");
        Assert.Contains("/as_timestamp=2021-09-08 11%3A11%3A11/", table.DataKey(timestampFile.Path));
        Assert.Equal(
            [
                "0|0|0|0|true|0.0|0.0|0|null|2021-09-08|2021-09-08 11:11:11|0|0",
                "1|1|1|1|false|1.0|1.0|1|null|2021-09-08|2021-09-08 11:11:11|1|1",
                "NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|2",
            ],
            _duck.TableRows(DeltaFixtures.Folder("data-reader-partition-values"), table, snapshot, [.. columns, "value"]));
        Assert.Equal(15, snapshot.Metadata.Schema.Fields.Count);
        Assert.True(snapshot.Metadata.Schema.Field("as_nested_struct")!.IsNested);
    }

    public void Dispose() => _duck.Dispose();
}
