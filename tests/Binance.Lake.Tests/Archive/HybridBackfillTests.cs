using System.Text.Json;
using Binance.Lake.Simulator;
using Binance.Lake.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Archive;

/// <summary>
/// <c>backfill --source auto</c> through the real CLI against the simulator's REST and archive: each part of
/// history from the source that has it, and the audit clean afterwards.
/// </summary>
public sealed class HybridBackfillTests(ITestOutputHelper output)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private static string Day(int daysAgo) => Today.AddDays(-daysAgo).ToString("yyyy-MM-dd");

    [Fact]
    public async Task Past_days_come_from_the_archive_today_from_REST_and_a_missing_day_from_REST_too()
    {
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions
        {
            TradesPerSecond = 0.05, Symbols = ["BTCUSDT"], ArchiveMissingDays = [Today.AddDays(-2)],
        });

        var summary = await BackfillAsync(harness, "--from-date", Day(3));

        var archive = summary.GetProperty("archive").EnumerateArray().Single();
        Assert.Equal([$"BTCUSDT-trades-{Day(3)}.zip", $"BTCUSDT-trades-{Day(1)}.zip"],
            archive.GetProperty("imported").EnumerateArray().Select(f => f.GetProperty("file").GetString()));
        Assert.Equal([$"from {Day(2)} to {Day(2)}", $"from {Day(0)} to now"],
            summary.GetProperty("rest").EnumerateArray().Select(r => r.GetProperty("mode").GetString()));
        Assert.True(summary.GetProperty("complete").GetBoolean());
        await CompactAndAuditCleanAsync(harness);
    }

    [Fact]
    public async Task Below_the_REST_retention_floor_the_archive_takes_over_back_to_the_first_trade()
    {
        await using var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions
        {
            TradesPerSecond = 0.05, Symbols = ["BTCUSDT"], RestFloorId = 100_000,
        });

        var summary = await BackfillAsync(harness, "--from-id", "0");

        var rest = summary.GetProperty("rest").EnumerateArray().Single();
        Assert.Equal("0-99999", string.Join(",", rest.GetProperty("notServed").EnumerateArray().Select(r => $"{r.GetProperty("first")}-{r.GetProperty("last")}")));
        var imported = summary.GetProperty("archive").EnumerateArray().SelectMany(a => a.GetProperty("imported").EnumerateArray()).ToList();
        Assert.Contains(imported, f => f.GetProperty("firstId").GetInt64() == 0);
        Assert.Empty(summary.GetProperty("notServed").EnumerateArray());
        var audit = await CompactAndAuditCleanAsync(harness);
        Assert.Equal(0, audit.GetProperty("days")[0].GetProperty("firstId").GetInt64());

        // A rerun knows what earlier runs imported: nothing is downloaded again and nothing is reported missing.
        var again = await BackfillAsync(harness, "--from-id", "0");
        Assert.Empty(again.GetProperty("archive").EnumerateArray().SelectMany(a => a.GetProperty("imported").EnumerateArray()));
        Assert.Empty(again.GetProperty("notServed").EnumerateArray());
    }

    private async Task<JsonElement> BackfillAsync(BackfillHarness harness, params string[] mode)
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync(
            ["backfill", "--symbol", "BTCUSDT", .. mode, "--rest-url", harness.Simulator.BaseUrl.ToString(),
             "--archive-url", harness.Simulator.BaseUrl.ToString(), "--lake", harness.LakePath, "--json"]);
        output.WriteLine(stderr);
        Assert.Equal(0, code);
        return JsonDocument.Parse(stdout).RootElement;
    }

    private async Task<JsonElement> CompactAndAuditCleanAsync(BackfillHarness harness)
    {
        var (compactCode, _, compactErr) = await CliProcess.RunAsync(["compact", "--lake", harness.LakePath]);
        output.WriteLine(compactErr);
        Assert.Equal(0, compactCode);
        var (auditCode, auditOut, auditErr) = await CliProcess.RunAsync(["audit", "--symbol", "BTCUSDT", "--lake", harness.LakePath, "--json"]);
        output.WriteLine(auditErr);
        Assert.Equal(0, auditCode);
        return JsonDocument.Parse(auditOut).RootElement;
    }
}
