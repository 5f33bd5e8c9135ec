using System.Text.Json;
using Binance.Lake.Simulator;
using Binance.Lake.Tests.Support;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Cli;

/// <summary><c>binance-lake archive</c> as scripts meet it: exit codes, messages, the JSON summary.</summary>
public class ArchiveCliTests(ITestOutputHelper output)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private static string[] Archive(BackfillHarness harness, params string[] args) =>
        ["archive", "--archive-url", harness.Simulator.BaseUrl.ToString(), "--lake", harness.LakePath, .. args];

    private static string Day(int daysAgo) => Today.AddDays(-daysAgo).ToString("yyyy-MM-dd");

    [Fact]
    public async Task A_missing_day_is_exit_3_with_the_rest_imported_and_compacted()
    {
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions
        {
            TradesPerSecond = 0.05, ArchiveMissingDays = [Today.AddDays(-2)],
        });

        var (code, stdout, stderr) = await CliProcess.RunAsync(Archive(harness, "--symbol", "btcusdt", "--from-date", Day(3), "--json"));
        output.WriteLine(stderr);

        Assert.Equal(3, code);
        var summary = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal([$"BTCUSDT-trades-{Day(2)}.zip"], summary.GetProperty("archive").GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, summary.GetProperty("archive").GetProperty("imported").GetArrayLength());
        Assert.Equal(summary.GetProperty("archive").GetProperty("imported").EnumerateArray().Sum(f => f.GetProperty("trades").GetInt64()),
            summary.GetProperty("compact").GetProperty("tradesAdded").GetInt64());
        Assert.Contains("not in the archive (404)", stderr);
    }

    [Theory]
    [InlineData("NOPEUSDT", 3, 1, "no NOPEUSDT trades file")]
    [InlineData("BTCUSDT", 1, -1, "publishes a day only after it ends")]
    [InlineData("BTCUSDT", 1, 2, "is after --to-date")]
    public async Task Requests_the_archive_cannot_serve_are_exit_2_with_a_reason(string symbol, int fromDaysAgo, int toDaysAgo, string message)
    {
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions { TradesPerSecond = 0.05 });

        var (code, _, stderr) = await CliProcess.RunAsync(Archive(harness, "--symbol", symbol, "--from-date", Day(fromDaysAgo), "--to-date", Day(toDaysAgo)));

        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public async Task Zips_on_disk_are_imported_with_their_checksum_verified()
    {
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions { TradesPerSecond = 0.05 });
        using var downloads = new TempFolder();
        using var http = new HttpClient { BaseAddress = harness.Simulator.BaseUrl };
        var name = $"BTCUSDT-trades-{Day(2)}.zip";
        var zip = Path.Combine(downloads.Path, name);
        await File.WriteAllBytesAsync(zip, await http.GetByteArrayAsync($"data/spot/daily/trades/BTCUSDT/{name}"));
        await File.WriteAllBytesAsync(zip + ".CHECKSUM", await http.GetByteArrayAsync($"data/spot/daily/trades/BTCUSDT/{name}.CHECKSUM"));

        var (code, stdout, stderr) = await CliProcess.RunAsync(["archive", "--symbol", "BTCUSDT", "--file", zip, "--lake", harness.LakePath, "--json"]);
        output.WriteLine(stderr);
        Assert.Equal(0, code);
        var summary = JsonDocument.Parse(stdout).RootElement;
        Assert.True(summary.GetProperty("compact").GetProperty("tradesAdded").GetInt64() > 3000);

        await File.WriteAllTextAsync(zip + ".CHECKSUM", new string('0', 64) + "  " + name + "\n");
        var (tampered, _, tamperedErr) = await CliProcess.RunAsync(["archive", "--symbol", "BTCUSDT", "--file", zip, "--lake", harness.LakePath]);
        Assert.Equal(5, tampered);
        Assert.Contains("checksum mismatch", tamperedErr);

        var renamed = Path.Combine(downloads.Path, "trades.zip");
        File.Copy(zip, renamed);
        var (misnamed, _, misnamedErr) = await CliProcess.RunAsync(["archive", "--symbol", "BTCUSDT", "--file", renamed, "--lake", harness.LakePath]);
        Assert.Equal(2, misnamed);
        Assert.Contains("is not named like a BTCUSDT archive trades file", misnamedErr);
    }
}
