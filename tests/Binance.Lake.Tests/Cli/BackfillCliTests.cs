using System.Text.Json;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;
using Binance.Lake.Simulator;
using Binance.Lake.Tests.Support;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Cli;

/// <summary>The command as a user and a script meet it: a real process, exit codes, messages, kill -9.</summary>
public class BackfillCliTests(ITestOutputHelper output)
{
    private static readonly string Yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd");

    private static string[] Backfill(BackfillHarness harness, params string[] args) =>
        ["backfill", "--source", "rest", "--rest-url", harness.Simulator.BaseUrl.ToString(), "--lake", harness.LakePath, .. args];

    [Fact]
    public async Task A_run_killed_with_sigkill_resumes_without_refetching_and_without_gaps_or_duplicates()
    {
        // Slow enough to kill half-way: 10 requests a second.
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions
        {
            TradesPerSecond = 0.1, WeightLimit = 250, WeightInterval = TimeSpan.FromSeconds(1),
        });
        var args = Backfill(harness, "--symbol", "BTCUSDT", "--reverse", "--first-date", Yesterday, "--chunk-limit", "100", "--concurrency", "3", "--json");

        using (var first = CliProcess.Start(args))
        {
            var restFolder = Path.Combine(harness.LakePath, RawZone.SourcePrefix("BTCUSDT", RawSource.Rest));
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!(Directory.Exists(restFolder) && Directory.GetFiles(restFolder, "*.json").Length >= 15) && DateTime.UtcNow < deadline)
                await Task.Delay(50);
            first.KillHard();
            await first.WaitAsync(TimeSpan.FromSeconds(10));
        }
        var survived = (await harness.RawChunksAsync("BTCUSDT")).Sum(c => (long)c.Page.Trades.Count);
        Assert.True(survived >= 15 * 100, $"the first run wrote {survived} trades before the kill");

        var (code, stdout, stderr) = await CliProcess.RunAsync(args);
        output.WriteLine(stderr);

        Assert.Equal(0, code);
        var summary = JsonDocument.Parse(stdout).RootElement;
        Assert.True(summary.GetProperty("resumed").GetBoolean());
        Assert.Equal(survived, summary.GetProperty("tradesAlreadyPresent").GetInt64());
        Assert.Equal(summary.GetProperty("trades").GetInt64() - survived, summary.GetProperty("tradesFetched").GetInt64());
        RawZoneAssert.HoldsExactly(await harness.RawChunksAsync("BTCUSDT"),
            new IdRange(summary.GetProperty("firstId").GetInt64(), summary.GetProperty("lastId").GetInt64()));
    }

    [Fact]
    public async Task Json_summary_reports_the_run()
    {
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions { TradesPerSecond = 0.05 });

        var (code, stdout, _) = await CliProcess.RunAsync(Backfill(harness, "--symbol", "ethusdt", "--from-date", Yesterday, "--to-date", Yesterday, "--json"));

        Assert.Equal(0, code);
        var summary = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("ETHUSDT", summary.GetProperty("symbol").GetString());
        Assert.True(summary.GetProperty("complete").GetBoolean());
        Assert.Equal(0, summary.GetProperty("notServed").GetArrayLength());
        var range = new IdRange(summary.GetProperty("firstId").GetInt64(), summary.GetProperty("lastId").GetInt64());
        Assert.Equal(range.Count, summary.GetProperty("trades").GetInt64());
        RawZoneAssert.HoldsExactly(await harness.RawChunksAsync("ETHUSDT"), range);
        Assert.Equal(summary.GetProperty("trades").GetInt64(), summary.GetProperty("tradesFetched").GetInt64());
        Assert.Equal(0, summary.GetProperty("rateLimited").GetInt64());
        Assert.StartsWith(harness.LakePath, summary.GetProperty("files").GetString());
        Assert.True(summary.GetProperty("requests").GetInt64() > 0);
    }

    [Fact]
    public async Task A_retention_floor_finishes_with_exit_code_3_and_names_the_missing_ids()
    {
        await using var harness = await BackfillHarness.StartAsync(output,
            new SimulatorOptions { TradesPerSecond = 0.01, RestFloorId = 777, Symbols = ["BTCUSDT"] });

        var (code, stdout, stderr) = await CliProcess.RunAsync(Backfill(harness, "--symbol", "BTCUSDT", "--from-id", "0"));

        Assert.Equal(3, code);
        Assert.Contains("0–776", stderr);
        Assert.Contains("bulk archive", stderr);
        Assert.Contains("0–776", stdout);
    }

    [Theory]
    [InlineData(2, "Unknown symbol NOPE", "--symbol", "NOPE", "--from-id", "0")]
    [InlineData(2, "in the future", "--symbol", "BTCUSDT", "--from-date", "2999-01-01")]
    [InlineData(2, "before --from-date", "--symbol", "BTCUSDT", "--from-date", "2024-02-02", "--to-date", "2024-02-01")]
    [InlineData(2, "--chunk-limit", "--symbol", "BTCUSDT", "--from-id", "0", "--chunk-limit", "5000")]
    [InlineData(1, "not a date", "--symbol", "BTCUSDT", "--from-date", "2024-13-45")]
    [InlineData(1, "exactly one mode", "--symbol", "BTCUSDT")]
    [InlineData(1, "exactly one mode", "--symbol", "BTCUSDT", "--reverse", "--from-id", "5")]
    [InlineData(1, "--to-date goes with --from-date", "--symbol", "BTCUSDT", "--reverse", "--to-date", "2024-01-01")]
    public async Task Bad_input_gets_a_clear_message_and_its_exit_code(int expectedCode, string message, params string[] args)
    {
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions());

        var (code, stdout, stderr) = await CliProcess.RunAsync(Backfill(harness, args));

        Assert.Equal(expectedCode, code);
        Assert.Contains(message, stdout + stderr);
        Assert.False(Directory.Exists(Path.Combine(harness.LakePath, "raw")), "nothing was written");
    }

    [Fact]
    public async Task A_banned_ip_stops_the_run_with_exit_code_4_and_the_time_the_ban_ends()
    {
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions
        {
            WeightLimit = 30, BanAfter429s = 0, BanDuration = TimeSpan.FromMinutes(3),
        });
        using (var careless = new HttpClient { BaseAddress = harness.Simulator.BaseUrl })
            for (var i = 0; i < 5; i++)
                await careless.GetAsync("api/v3/trades?symbol=BTCUSDT&limit=1");

        var (code, _, stderr) = await CliProcess.RunAsync(Backfill(harness, "--symbol", "BTCUSDT", "--from-id", "0"));

        Assert.Equal(4, code);
        Assert.Contains("banned this IP until", stderr);
    }

    [Fact]
    public async Task Bad_environment_variables_are_usage_errors_that_name_the_variable()
    {
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions());

        var (code, stdout, stderr) = await CliProcess.RunAsync(Backfill(harness, "--symbol", "BTCUSDT", "--from-id", "0"),
            new Dictionary<string, string> { ["RESERVED_CONCURRENCY"] = "four", ["BINANCE_WEIGHT_SHARE"] = "half" });

        Assert.Equal(1, code);
        Assert.Contains("RESERVED_CONCURRENCY='four' is not a whole number", stdout + stderr);
        Assert.Contains("BINANCE_WEIGHT_SHARE='half' is not a number", stdout + stderr);
    }

    [Fact]
    public async Task A_weight_share_too_small_for_one_request_is_bad_input()
    {
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions { WeightLimit = 600 });

        var (code, _, stderr) = await CliProcess.RunAsync(Backfill(harness, "--symbol", "BTCUSDT", "--from-id", "0", "--weight-share", "0.01"));

        Assert.Equal(2, code);
        Assert.Contains("Raise --weight-share", stderr);
    }

    [Fact]
    public async Task Help_explains_every_option()
    {
        var (code, stdout, _) = await CliProcess.RunAsync(["backfill", "--help"]);

        Assert.Equal(0, code);
        foreach (var option in new[] { "--symbol", "--reverse", "--first-date", "--from-id", "--from-date", "--to-date", "--concurrency",
                     "RESERVED_CONCURRENCY", "--chunk-limit", "CHUNK_LIMIT", "--id-search", "--json", "--rest-url", "--api-key", "--lake", "--s3-endpoint" })
            Assert.Contains(option, stdout);
    }
}
