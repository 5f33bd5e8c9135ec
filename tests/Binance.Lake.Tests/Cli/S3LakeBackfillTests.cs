using System.Text.Json;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;
using Binance.Lake.Simulator;
using Binance.Lake.Tests.Storage;
using Binance.Lake.Tests.Support;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Cli;

/// <summary>The same backfill into an s3:// lake on a real S3-compatible server, credentials from the standard AWS variables.</summary>
[Collection(S3ServerCollection.Name)]
public class S3LakeBackfillTests(S3ServerFixture s3, ITestOutputHelper output)
{
    [Fact]
    public async Task Backfill_writes_its_raw_chunks_and_journal_to_an_s3_lake()
    {
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions { TradesPerSecond = 0.05 });
        var lake = s3.LakeUri;
        var day = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd");

        var (code, stdout, stderr) = await CliProcess.RunAsync(
            ["backfill", "--source", "rest", "--symbol", "BTCUSDT", "--from-date", day, "--to-date", day, "--chunk-limit", "500",
             "--rest-url", harness.Simulator.BaseUrl.ToString(), "--lake", lake, "--json"]);
        output.WriteLine(stderr);

        Assert.Equal(0, code);
        var summary = JsonDocument.Parse(stdout).RootElement;
        Assert.StartsWith(lake + "/raw/binance-spot/BTCUSDT/rest/", summary.GetProperty("files").GetString());
        using var store = (S3ObjectStore)ObjectStores.Open(lake);
        harness.UseStore(store);
        RawZoneAssert.HoldsExactly(await harness.RawChunksAsync("BTCUSDT"),
            new IdRange(summary.GetProperty("firstId").GetInt64(), summary.GetProperty("lastId").GetInt64()));
        var journal = await store.ListAsync("_state/backfill/BTCUSDT/").ToListAsync();
        Assert.Single(journal);
    }

    [Fact]
    public async Task Archive_import_into_an_s3_lake_streams_the_zip_in_and_compacts_it()
    {
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions { TradesPerSecond = 0.05 });
        var lake = s3.LakeUri;
        var day = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd");

        var (code, stdout, stderr) = await CliProcess.RunAsync(
            ["archive", "--symbol", "BTCUSDT", "--from-date", day, "--to-date", day,
             "--archive-url", harness.Simulator.BaseUrl.ToString(), "--lake", lake, "--json"]);
        output.WriteLine(stderr);

        Assert.Equal(0, code);
        var summary = JsonDocument.Parse(stdout).RootElement;
        var imported = summary.GetProperty("archive").GetProperty("imported")[0];
        Assert.Equal(imported.GetProperty("trades").GetInt64(), summary.GetProperty("compact").GetProperty("tradesAdded").GetInt64());
        using var store = (S3ObjectStore)ObjectStores.Open(lake);
        var raw = await store.ListAsync("raw/binance-spot/BTCUSDT/archive/").ToListAsync();
        Assert.Equal(imported.GetProperty("rawKey").GetString(), Assert.Single(raw).Key);
    }
}
