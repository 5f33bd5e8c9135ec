using System.Text.Json;
using Binance.Lake.Core.Storage;
using Binance.Lake.Tests.Support;
using Binance.Lake.Transform.Delta;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Delta;

/// <summary>Tables this code writes: their log, their checkpoints, and how outside readers see them.</summary>
public sealed class WriterTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly DuckDb _duck = new();

    [Fact]
    public async Task Twenty_five_commits_replay_to_the_state_built_in_memory_and_checkpoint_twice()
    {
        var store = new LocalObjectStore(_temp.Path);
        var table = new DeltaTable(store, "curated/trades", new TestOutputLogger(output));
        var live = new Dictionary<string, (AddFile Add, string? Date, long First, int Count)>();
        var create = table.StartTransaction(null);
        create.SetMetadata(TradeFiles.NewMetadata());
        var first = await TradeFiles.WriteAsync(table, "2024-08-08", 0, 10);
        create.Add(first);
        live[first.Path] = (first, "2024-08-08", 0, 10);
        Assert.Equal(0, await create.CommitAsync("CREATE TABLE", new Dictionary<string, string> { ["partitionBy"] = """["trade_date"]""" }));

        for (var v = 1; v <= 24; v++)
        {
            var snapshot = await table.LoadAsync();
            var transaction = table.StartTransaction(snapshot);
            var date = v % 5 == 0 ? null : $"2024-08-{8 + v % 3:D2}";
            var add = await TradeFiles.WriteAsync(table, date, v * 100, 5 + v % 4);
            transaction.Add(add);
            live[add.Path] = (add, date, v * 100, 5 + v % 4);
            if (v % 4 == 0)
            {
                var victim = live.Values.OrderBy(f => f.First).First();
                transaction.Remove(victim.Add.ToRemove(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                live.Remove(victim.Add.Path);
            }
            if (v % 3 == 0)
                transaction.SetTxn("ingest", v);
            Assert.Equal(v, await transaction.CommitAsync(v % 4 == 0 ? "DELETE" : "WRITE", operationMetrics: new Dictionary<string, string> { ["numFiles"] = "1" }));
        }

        var log = Path.Combine(_temp.Path, "curated", "trades", "_delta_log");
        Assert.True(File.Exists(Path.Combine(log, "00000000000000000010.checkpoint.parquet")));
        Assert.True(File.Exists(Path.Combine(log, "00000000000000000020.checkpoint.parquet")));
        using (var pointer = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(log, "_last_checkpoint"))))
            Assert.Equal(20, pointer.RootElement.GetProperty("version").GetInt64());

        var latest = await table.LoadAsync();
        var jsonOnly = await table.LoadAsync(null, useCheckpoints: false, default);
        Assert.Equal(24, latest.Version);
        Assert.Equal(live.Keys.Order(), latest.Files.Select(f => f.Path).Order());
        Assert.Equal(live.Keys.Order(), jsonOnly.Files.Select(f => f.Path).Order());
        Assert.Equal(24, latest.TxnVersion("ingest"));
        Assert.Equal(6, latest.Tombstones.Count);
        Assert.Equal(jsonOnly.Tombstones.Select(r => r.Path).Order(), latest.Tombstones.Select(r => r.Path).Order());
        Assert.All(latest.Files, f => Assert.Equal(live[f.Path].Add with { DataChange = false }, f with { DataChange = false, PartitionValues = live[f.Path].Add.PartitionValues }));

        // DuckDB reads the data files as plain Parquet; with the log's partition values they are the table.
        var expectedRows = live.Values.SelectMany(f => TradeFiles.Rows(f.Date, f.First, f.Count)).Order(StringComparer.Ordinal);
        Assert.Equal(expectedRows, _duck.TableRows(_temp.Path, table, latest, "trade_id", "price", "trade_date"));

        var history = await table.HistoryAsync();
        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(i => (long)i), history.Select(h => h.Version));
        Assert.Equal("CREATE TABLE", history[^1].Info?.Operation);
        Assert.Null(history[^1].Info?.ReadVersion);
        Assert.Equal(23, history[0].Info?.ReadVersion);
        Assert.Equal("binance-lake", history[0].Info?.EngineInfo);
        Assert.Equal(true, history[1].Info?.IsBlindAppend);
        Assert.Equal(false, history[4].Info?.IsBlindAppend);
    }

    [Fact]
    public async Task Checkpoint_is_readable_by_duckdb_and_by_the_reader()
    {
        var table = new DeltaTable(new LocalObjectStore(_temp.Path), "");
        await CreateWithCommitsAsync(table, 10, withNullPartition: true);
        var snapshot = await table.LoadAsync();
        var checkpoint = DuckDb.Literal(Path.Combine(_temp.Path, "_delta_log", "00000000000000000010.checkpoint.parquet"));

        var counts = _duck.Query(
            $"SELECT count(*) FILTER (WHERE add IS NOT NULL), count(*) FILTER (WHERE remove IS NOT NULL), count(*) FILTER (WHERE txn IS NOT NULL), "
            + $"count(*) FILTER (WHERE metaData IS NOT NULL), count(*) FILTER (WHERE protocol IS NOT NULL), count(*) FROM read_parquet({checkpoint})").Single();
        Assert.Equal([snapshot.Files.Count.ToString(), snapshot.Tombstones.Count.ToString(), "1", "1", "1", (snapshot.Files.Count + snapshot.Tombstones.Count + 3).ToString()], counts);
        Assert.Equal("1|2", string.Join('|', _duck.Query($"SELECT protocol.minReaderVersion, protocol.minWriterVersion FROM read_parquet({checkpoint}) WHERE protocol IS NOT NULL").Single()));
        Assert.Equal("[trade_date]|" + snapshot.Metadata.Id + "|parquet", string.Join('|', _duck.Query(
            $"SELECT CAST(metaData.partitionColumns AS VARCHAR), metaData.id, metaData.format.provider FROM read_parquet({checkpoint}) WHERE metaData IS NOT NULL").Single()));
        var adds = _duck.Query($"SELECT add.path, coalesce(add.partitionValues['trade_date'], 'NULL'), add.size, add.dataChange, add.stats FROM read_parquet({checkpoint}) WHERE add IS NOT NULL");
        Assert.Equal(
            snapshot.Files.Select(f => $"{f.Path}|{f.PartitionValues["trade_date"] ?? "NULL"}|{f.Size}|False|{f.Stats}").Order(),
            adds.Select(r => string.Join('|', r)).Order());
        Assert.Contains(adds, r => r[1] == "NULL");
        Assert.Equal("ingest|10", string.Join('|', _duck.Query($"SELECT txn.appId, txn.version FROM read_parquet({checkpoint}) WHERE txn IS NOT NULL").Single()));
        Assert.All(_duck.Query($"SELECT remove.extendedFileMetadata, remove.size IS NOT NULL FROM read_parquet({checkpoint}) WHERE remove IS NOT NULL"), r => Assert.Equal(["True", "True"], r));

        // Our own reader, with nothing but the checkpoint left.
        for (var v = 0; v <= 9; v++)
            File.Delete(Path.Combine(_temp.Path, "_delta_log", $"{v:D20}.json"));
        var fromCheckpoint = await table.LoadAsync(10);
        Assert.Equal(snapshot.Files.Select(f => (f.Path, f.Size, f.Stats, f.PartitionValues["trade_date"])).Order(), fromCheckpoint.Files.Select(f => (f.Path, f.Size, f.Stats, f.PartitionValues["trade_date"])).Order());
        Assert.Equal(snapshot.Tombstones.Select(r => (r.Path, r.Size, r.DeletionTimestamp)).Order(), fromCheckpoint.Tombstones.Select(r => (r.Path, r.Size, r.DeletionTimestamp)).Order());
        Assert.Equal(snapshot.Metadata.SchemaString, fromCheckpoint.Metadata.SchemaString);
        Assert.Equal(snapshot.Metadata.PartitionColumns, fromCheckpoint.Metadata.PartitionColumns);
        Assert.Equal(snapshot.Metadata.Name, fromCheckpoint.Metadata.Name);
        Assert.Equal(snapshot.AppTransactions, fromCheckpoint.AppTransactions);
    }

    [Fact]
    public async Task Commit_file_has_commit_info_first_then_protocol_and_metadata_and_json_null_partitions()
    {
        var table = new DeltaTable(new LocalObjectStore(_temp.Path), "t");
        var create = table.StartTransaction(null);
        create.SetMetadata(TradeFiles.NewMetadata());
        create.Add(await TradeFiles.WriteAsync(table, null, 0, 1));
        await create.CommitAsync("CREATE TABLE");

        var lines = File.ReadAllLines(Path.Combine(_temp.Path, "t", "_delta_log", "00000000000000000000.json"));

        Assert.Equal(["commitInfo", "protocol", "metaData", "add"], lines.Select(l => JsonDocument.Parse(l).RootElement.EnumerateObject().Single().Name));
        Assert.Equal("""{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}""", lines[1]);
        using var metaData = JsonDocument.Parse(lines[2]);
        Assert.Equal(TradeFiles.Schema.ToJson(), metaData.RootElement.GetProperty("metaData").GetProperty("schemaString").GetString());
        Assert.Equal("parquet", metaData.RootElement.GetProperty("metaData").GetProperty("format").GetProperty("provider").GetString());
        Assert.Contains("\"partitionValues\":{\"trade_date\":null}", lines[3]);
        Assert.Contains("trade_date=__HIVE_DEFAULT_PARTITION__/", lines[3]);
        using var info = JsonDocument.Parse(lines[0]);
        Assert.Equal("Serializable", info.RootElement.GetProperty("commitInfo").GetProperty("isolationLevel").GetString());
        Assert.True(info.RootElement.GetProperty("commitInfo").GetProperty("isBlindAppend").GetBoolean());
    }

    [Fact]
    public async Task A_failed_checkpoint_is_logged_and_the_commit_still_counts()
    {
        var store = new InterceptingStore(new LocalObjectStore(_temp.Path)) { FailPut = key => key.EndsWith(".checkpoint.parquet", StringComparison.Ordinal) };
        var table = new DeltaTable(store, "");

        await CreateWithCommitsAsync(table, 10);

        Assert.False(File.Exists(Path.Combine(_temp.Path, "_delta_log", "00000000000000000010.checkpoint.parquet")));
        Assert.Equal(10, (await table.LoadAsync()).Version);
    }

    [Fact]
    public async Task A_corrupt_checkpoint_or_pointer_falls_back_to_the_commits()
    {
        var table = new DeltaTable(new LocalObjectStore(_temp.Path), "");
        await CreateWithCommitsAsync(table, 12);
        var expected = (await table.LoadAsync()).Files.Select(f => f.Path).Order().ToList();
        File.WriteAllText(Path.Combine(_temp.Path, "_delta_log", "00000000000000000010.checkpoint.parquet"), "not parquet");
        File.WriteAllText(Path.Combine(_temp.Path, "_delta_log", "_last_checkpoint"), """{"version":99,"size":15330,"parts":null}""");

        var snapshot = await table.LoadAsync();

        Assert.Equal(12, snapshot.Version);
        Assert.Equal(expected, snapshot.Files.Select(f => f.Path).Order());
    }

    [Fact]
    public async Task Append_only_tables_refuse_removes_that_change_data()
    {
        var table = new DeltaTable(new LocalObjectStore(_temp.Path), "");
        var create = table.StartTransaction(null);
        create.SetMetadata(TradeFiles.NewMetadata(new Dictionary<string, string> { ["delta.appendOnly"] = "true" }));
        var add = await TradeFiles.WriteAsync(table, "2024-08-08", 0, 3);
        create.Add(add);
        await create.CommitAsync("CREATE TABLE");

        var delete = table.StartTransaction(await table.LoadAsync());
        delete.Remove(add.ToRemove(0));
        var refused = await Assert.ThrowsAsync<DeltaException>(() => delete.CommitAsync("DELETE"));
        Assert.Contains("append-only", refused.Message);

        // Compaction changes no data, so it is allowed.
        var compact = table.StartTransaction(await table.LoadAsync());
        compact.Remove(add.ToRemove(0, dataChange: false));
        compact.Add(await TradeFiles.WriteAsync(table, "2024-08-08", 0, 3, dataChange: false));
        Assert.Equal(1, await compact.CommitAsync("OPTIMIZE"));
    }

    [Fact]
    public async Task Staging_rejects_what_the_protocol_forbids()
    {
        var table = new DeltaTable(new LocalObjectStore(_temp.Path), "");
        var create = table.StartTransaction(null);
        await Assert.ThrowsAsync<DeltaException>(() => create.CommitAsync("CREATE TABLE"));

        var again = table.StartTransaction(null);
        Assert.Throws<DeltaException>(() => again.SetProtocol(new Protocol(1, 3)));
        Assert.Throws<DeltaException>(() => again.SetMetadata(Metadata.Create(new StructType([new StructField("a b", "long")]))));
        Assert.Throws<DeltaException>(() => again.SetMetadata(Metadata.Create(new StructType([new StructField("a", "long"), new StructField("A", "long")]))));
        Assert.Throws<DeltaException>(() => again.SetMetadata(Metadata.Create(new StructType([new StructField("a", "long")]), ["b"])));
        Assert.Throws<DeltaException>(() => again.SetMetadata(Metadata.Create(new StructType([new StructField("a", "timestamp_ntz")]))));
        Assert.Throws<InvalidOperationException>(() => again.Remove(new RemoveFile("x", 0, true, null, null, null)));
        again.SetMetadata(TradeFiles.NewMetadata());
        again.Add(new AddFile("a.parquet", new Dictionary<string, string?>(), 1, 0, true, null, null));
        var missingPartition = await Assert.ThrowsAsync<DeltaException>(() => again.CommitAsync("CREATE TABLE"));
        Assert.Contains("missing [trade_date]", missingPartition.Message);
        Assert.Throws<InvalidOperationException>(() => again.SetTxn("app", 1));

        var create2 = table.StartTransaction(null);
        create2.SetMetadata(TradeFiles.NewMetadata());
        await create2.CommitAsync("CREATE TABLE");
        var snapshot = await table.LoadAsync();
        var remove = table.StartTransaction(snapshot);
        Assert.Throws<DeltaException>(() => remove.Remove(new RemoveFile("not-there.parquet", 0, true, null, null, null)));
        var add = new AddFile("b.parquet", new Dictionary<string, string?> { ["trade_date"] = null }, 1, 0, true, null, null);
        remove.Add(add);
        Assert.Throws<ArgumentException>(() => remove.Add(add));
    }

    /// <summary>A table at version <paramref name="commits"/>: appends, a removal every third commit, a txn.</summary>
    internal static async Task CreateWithCommitsAsync(DeltaTable table, int commits, bool withNullPartition = false)
    {
        var create = table.StartTransaction(null);
        create.SetMetadata(TradeFiles.NewMetadata());
        var added = new List<AddFile> { await TradeFiles.WriteAsync(table, "2024-08-08", 0, 2) };
        create.Add(added[0]);
        await create.CommitAsync("CREATE TABLE");
        for (var v = 1; v <= commits; v++)
        {
            var transaction = table.StartTransaction(await table.LoadAsync());
            var add = await TradeFiles.WriteAsync(table, withNullPartition && v == 8 ? null : "2024-08-0" + (v % 3 + 1), v * 10, 2);
            transaction.Add(add);
            if (v % 3 == 0)
            {
                transaction.Remove(added[0].ToRemove(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                added.RemoveAt(0);
            }
            added.Add(add);
            transaction.SetTxn("ingest", v);
            await transaction.CommitAsync("WRITE");
        }
    }

    public void Dispose()
    {
        _duck.Dispose();
        _temp.Dispose();
    }
}
