using Binance.Lake.Tests.Support;

namespace Binance.Lake.Tests.Cli;

/// <summary>The table-facing commands as a user meets them: on real fixtures, and on a lake with no table yet.</summary>
public class TableCliTests
{
    [Fact]
    public async Task Table_info_and_history_read_a_spark_table()
    {
        var table = RepositoryPaths.Fixture("delta/basic-with-inserts-deletes-checkpoint");

        var (infoCode, info, _) = await CliProcess.RunAsync(["table", "info", "--path", table]);
        var (historyCode, history, _) = await CliProcess.RunAsync(["table", "history", "--path", table]);

        Assert.Equal(0, infoCode);
        Assert.Contains("13 (", info);          // the latest version, replayed from the checkpoint at 10
        Assert.Contains("reader 1, writer 2", info);
        Assert.Equal(0, historyCode);
        Assert.Contains("DELETE", history);
    }

    [Theory]
    [InlineData("audit")]
    [InlineData("table", "info")]
    public async Task A_lake_without_a_table_is_bad_input_with_a_hint(params string[] command)
    {
        using var lake = new TempFolder();

        var (code, _, stderr) = await CliProcess.RunAsync([.. command, "--lake", lake.Path]);

        Assert.Equal(2, code);
        Assert.Contains("No Delta table", stderr);
        Assert.Contains("binance-lake compact", stderr);
        Assert.DoesNotContain("   at ", stderr); // a message, not a stack trace
    }
}
