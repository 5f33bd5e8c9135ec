using System.Text.Json;
using Binance.Lake.Core.Storage;
using Binance.Lake.Testing;
using Binance.Lake.Tests.Storage;
using Binance.Lake.Tests.Support;
using static Binance.Lake.Tests.Serving.ServingLake;

namespace Binance.Lake.Tests.Serving;

/// <summary>A lake on S3 (a real S3-compatible server) served into DuckDB, whose S3 extension cannot be installed here.</summary>
[Collection(S3ServerCollection.Name)]
public sealed class S3LakeLoadTests(S3ServerFixture s3)
{
    [Fact]
    public async Task An_s3_lake_is_loaded_into_duckdb_through_downloaded_files()
    {
        var lake = s3.LakeUri;
        using var store = (S3ObjectStore)ObjectStores.Open(lake);
        await SyntheticTrades.AppendAsync(store, (Btc(Day1), SyntheticTrades.Of(Btc(Day1), 1_000, 300)), (Eth(Day1), SyntheticTrades.Of(Eth(Day1), 9_000, 100)));
        using var folder = new TempFolder();
        var target = new DuckDbTestTarget(Path.Combine(folder.Path, "trades.duckdb"));

        var (code, stdout, stderr) = await CliProcess.RunAsync(["load", "--lake", lake, "--target", target.Argument, "--json"]);

        Assert.True(code == 0, stderr);
        using (var summary = JsonDocument.Parse(stdout))
            Assert.Equal(400, summary.RootElement.GetProperty("rows").GetInt64());
        Assert.Equal(await TableRowsAsync(store), await target.RowsAsync());
    }
}
