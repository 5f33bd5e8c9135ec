using System.Text;
using Binance.Lake.Core.Storage;
using Binance.Lake.Tests.Support;
using Binance.Lake.Transform.Delta;

namespace Binance.Lake.Tests.Delta;

/// <summary>Logs written by hand to hit the reader's rules: refusals, gaps, junk, nulls, odd orders.</summary>
public sealed class LogReaderEdgeTests : IDisposable
{
    private const string Metadata0 =
        """{"metaData":{"id":"m","format":{"provider":"parquet","options":{}},"schemaString":"{\"type\":\"struct\",\"fields\":[{\"name\":\"p\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}},{\"name\":\"v\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}]}","partitionColumns":["p"],"configuration":{},"createdTime":1}}""";

    private readonly TempFolder _temp = new();
    private readonly DeltaTable _table;

    public LogReaderEdgeTests() => _table = new DeltaTable(new LocalObjectStore(_temp.Path), "t");

    [Fact]
    public async Task A_writer_version_3_table_is_read_but_refused_for_writing_naming_the_versions()
    {
        Commit(0, """{"protocol":{"minReaderVersion":1,"minWriterVersion":3}}""", Metadata0);

        // Writer versions bind writers only (CHECK constraints and the like): a reader-1 table can be read.
        var snapshot = await _table.LoadAsync();
        var refused = await Assert.ThrowsAsync<DeltaException>(() => _table.StartTransaction(snapshot).CommitAsync("WRITE"));

        Assert.Contains("minWriterVersion 3", refused.Message);
        Assert.Contains("version 1", refused.Message);
    }

    [Fact]
    public async Task Table_features_and_a_later_protocol_upgrade_are_refused()
    {
        Commit(0, """{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}""", Metadata0);
        Commit(1, """{"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":["deletionVectors"],"writerFeatures":["deletionVectors"]}}""");

        var refused = await Assert.ThrowsAsync<DeltaException>(() => _table.LoadAsync());

        Assert.Contains("readerFeatures [deletionVectors]", refused.Message);
        Assert.Contains("version 1", refused.Message);
        Assert.Equal(0, (await _table.LoadAsync(0)).Version);
    }

    [Fact]
    public async Task Non_contiguous_versions_are_rejected()
    {
        Commit(0, """{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}""", Metadata0);
        Commit(2, """{"add":{"path":"p=a/f.parquet","partitionValues":{"p":"a"},"size":1,"modificationTime":1,"dataChange":true}}""");

        var refused = await Assert.ThrowsAsync<DeltaException>(() => _table.LoadAsync());

        Assert.Contains("missing commit(s) 1", refused.Message);
    }

    [Fact]
    public async Task No_table_and_missing_versions_are_clear_errors()
    {
        Assert.False(await _table.ExistsAsync());
        Assert.Contains("No Delta table", (await Assert.ThrowsAsync<DeltaTableNotFoundException>(() => _table.LoadAsync())).Message);

        Commit(0, """{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}""", Metadata0);
        Assert.True(await _table.ExistsAsync());
        Assert.Contains("no version 5; the latest is 0", (await Assert.ThrowsAsync<DeltaTableNotFoundException>(() => _table.LoadAsync(5))).Message);

        Commit(1, """{"add":{"path":"x.parquet","partitionValues":{"p":"a"},"size":1,"modificationTime":1,"dataChange":true}}""", "{not json");
        Assert.Contains("Commit 1, line 2", (await Assert.ThrowsAsync<DeltaException>(() => _table.LoadAsync())).Message);
    }

    [Fact]
    public async Task Unknown_actions_fields_explicit_nulls_any_order_and_junk_files_are_tolerated()
    {
        Commit(0,
            """{"add":{"path":"p=a/f1.parquet","partitionValues":{"p":"a"},"size":1,"modificationTime":1,"dataChange":true,"stats":null,"tags":null,"deletionVector":null,"baseRowId":null,"futureField":{"x":1}}}""",
            """{"domainMetadata":{"domain":"d","configuration":"{}","removed":false}}""",
            Metadata0,
            """{"someFutureAction":{"a":1}}""",
            """{"commitInfo":{"timestamp":1700000000000,"operation":"WRITE","operationParameters":{"mode":"Append","n":3},"operationMetrics":{"rows":3}}}""",
            """{"protocol":{"minReaderVersion":1,"minWriterVersion":2,"readerFeatures":null}}""");
        Commit(1,
            """{"add":{"path":"p=/f2.parquet","partitionValues":{"p":""},"size":1,"modificationTime":1,"dataChange":true}}""",
            """{"add":{"path":"f3.parquet","partitionValues":{},"size":1,"modificationTime":1,"dataChange":true}}""",
            """{"add":{"path":"p=null/f4.parquet","partitionValues":{"p":"null"},"size":1,"modificationTime":1,"dataChange":true}}""");
        var log = Path.Combine(_temp.Path, "t", "_delta_log");
        File.WriteAllText(Path.Combine(log, ".00000000000000000002.json.crc"), "junk");
        File.WriteAllText(Path.Combine(log, "00000000000000000002.json.tmp"), "junk");
        File.WriteAllText(Path.Combine(log, "00000000000000000002.crc"), "junk");
        File.WriteAllText(Path.Combine(log, "00000000000000000001.checkpoint.0000000001.0000000002.parquet"), "junk");
        File.WriteAllText(Path.Combine(log, "0000000000000000002.json"), "junk");
        Directory.CreateDirectory(Path.Combine(log, ".tmp"));
        File.WriteAllText(Path.Combine(log, ".tmp", "00000000000000000002.json"), "junk");
        File.WriteAllText(Path.Combine(log, "_last_checkpoint"), "{corrupt");

        var v0 = await _table.LoadAsync(0);
        var latest = await _table.LoadAsync();

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), v0.Timestamp);
        Assert.Equal("3", v0.CommitInfo?.OperationParameters["n"]);
        Assert.Equal("3", v0.CommitInfo?.OperationMetrics["rows"]);
        Assert.Null(v0.CommitInfo?.IsBlindAppend);
        Assert.Equal(1, latest.Version);
        Assert.Null(latest.CommitInfo);
        var values = latest.Files.ToDictionary(f => f.Path, f => f.PartitionValues["p"]);
        Assert.Equal("a", values["p=a/f1.parquet"]);
        Assert.Null(values["p=/f2.parquet"]);
        Assert.Null(values["f3.parquet"]);
        Assert.Equal("null", values["p=null/f4.parquet"]);
        // Without commitInfo the commit's time is the file's.
        Assert.Equal(new DateTimeOffset(File.GetLastWriteTimeUtc(Path.Combine(log, "00000000000000000001.json"))), latest.Timestamp);
    }

    [Fact]
    public async Task Paths_are_matched_as_raw_strings_and_data_keys_decode_once()
    {
        Commit(0, """{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}""", Metadata0,
            """{"add":{"path":"p=A%252FA/f.parquet","partitionValues":{"p":"A/A"},"size":1,"modificationTime":1,"dataChange":true}}""");
        // A remove with the decoded spelling names another file: the original stays live.
        Commit(1, """{"remove":{"path":"p=A%2FA/f.parquet","deletionTimestamp":1,"dataChange":true}}""");

        var snapshot = await _table.LoadAsync();

        var file = Assert.Single(snapshot.Files);
        Assert.Equal("t/p=A%2FA/f.parquet", _table.DataKey(file.Path));
        Assert.Throws<DeltaException>(() => _table.DataKey("s3://bucket/elsewhere/f.parquet"));
    }

    private void Commit(long version, params string[] lines)
    {
        var folder = Path.Combine(_temp.Path, "t", "_delta_log");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $"{version:D20}.json"), string.Join('\n', lines) + "\n", new UTF8Encoding(false));
    }

    public void Dispose() => _temp.Dispose();
}
