using System.Text.Json;
using Binance.Lake.Transform.Delta;

namespace Binance.Lake.Tests.Delta;

/// <summary>
/// The Delta Acceptance Testing table <c>multi_partitioned</c> ships the expected content and protocol of every
/// version: string, date and binary partitions, null partitions, the value <c>/%20%f</c> (escaped twice on
/// its way into add.path), an emoji (not escaped at all), and an overwrite whose removes omit null keys.
/// </summary>
public sealed class DatMultiPartitionedTests : IDisposable
{
    private static readonly string Root = DeltaFixtures.Folder("dat-multi_partitioned");
    private readonly DuckDb _duck = new();

    [Theory]
    [InlineData("v0", 0L)]
    [InlineData("v1", 1L)]
    [InlineData("v2", 2L)]
    [InlineData("latest", null)]
    public async Task Every_version_matches_the_expected_table_content(string expectedFolder, long? version)
    {
        var table = DeltaFixtures.Open("dat-multi_partitioned/delta");
        using var expectedMetadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "expected", expectedFolder, "table_version_metadata.json")));

        var snapshot = await table.LoadAsync(version);

        Assert.Equal(expectedMetadata.RootElement.GetProperty("version").GetInt64(), snapshot.Version);
        Assert.Equal(expectedMetadata.RootElement.GetProperty("min_reader_version").GetInt32(), snapshot.Protocol.MinReaderVersion);
        Assert.Equal(expectedMetadata.RootElement.GetProperty("min_writer_version").GetInt32(), snapshot.Protocol.MinWriterVersion);
        Assert.Empty(snapshot.Metadata.Configuration);
        var expectedRows = _duck.Query(
                $"SELECT CAST(letter AS VARCHAR), CAST(date AS VARCHAR), CAST(decode(data) AS VARCHAR), CAST(number AS VARCHAR) "
                + $"FROM read_parquet({DuckDb.Literal(Path.Combine(Root, "expected", expectedFolder, "table_content.parquet"))})")
            .Select(r => string.Join('|', r)).Order(StringComparer.Ordinal);
        Assert.Equal(expectedRows, _duck.TableRows(Path.Combine(Root, "delta"), table, snapshot, "letter", "date", "data", "number"));
    }

    [Fact]
    public async Task Escaped_and_unescaped_partition_paths_reach_their_folders()
    {
        var table = DeltaFixtures.Open("dat-multi_partitioned/delta");

        var snapshot = await table.LoadAsync();

        var escaped = Assert.Single(snapshot.Files, f => f.PartitionValues["letter"] == "/%20%f");
        Assert.StartsWith("letter=%252F%252520%2525f/", escaped.Path);
        Assert.StartsWith("letter=%2F%2520%25f/date=1970-01-01/data=hello/", table.DataKey(escaped.Path));
        var emoji = Assert.Single(snapshot.Files, f => f.PartitionValues["data"] == "😈");
        Assert.StartsWith("letter=b/date=1970-01-01/data=😈/", table.DataKey(emoji.Path));
    }

    [Fact]
    public async Task Null_partitions_and_removes_that_omit_null_keys()
    {
        // Tombstones are judged against a clock shortly after the overwrite, when they had not expired.
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeMilliseconds(1668830188330).AddHours(1));
        var table = DeltaFixtures.Open("dat-multi_partitioned/delta", clock);

        var v1 = await table.LoadAsync(1);
        var v2 = await table.LoadAsync(2);

        var allNull = Assert.Single(v1.Files, f => f.PartitionValues.Values.All(v => v is null));
        Assert.Equal(["data", "date", "letter"], allNull.PartitionValues.Keys.Order());
        var noDate = Assert.Single(v1.Files, f => f.PartitionValues["letter"] == "a" && f.PartitionValues["date"] is null);
        Assert.Equal("x", noDate.PartitionValues["data"]);
        Assert.Equal(5, v2.Tombstones.Count);
        Assert.Contains(v2.Tombstones, r => r.Path == allNull.Path && r.PartitionValues is { Count: 0 });
        Assert.Contains(v2.Tombstones, r => r.Path == noDate.Path && r.PartitionValues is { Count: 2 } && r.Size == 490 && r.ExtendedFileMetadata == true);
        Assert.Equal("Serializable", v2.CommitInfo?.IsolationLevel);
        Assert.False(v2.CommitInfo?.IsBlindAppend);
    }

    public void Dispose() => _duck.Dispose();
}
