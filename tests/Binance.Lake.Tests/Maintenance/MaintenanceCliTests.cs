using System.CommandLine;
using Binance.Lake.Cli.Commands;
using Binance.Lake.Cli.Options;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Maintenance;

/// <summary>
/// <c>optimize</c> and <c>vacuum</c> as the CLI parses and runs them, in process (the commands are wired into
/// Program.cs separately): exit codes, the retention guard, and what they do to the lake.
/// </summary>
public class MaintenanceCliTests(ITestOutputHelper output)
{
    private static async Task<int> RunAsync(params string[] args)
    {
        var root = new RootCommand("test") { LakeOptions.Lake, LakeOptions.S3Endpoint };
        root.Subcommands.Add(OptimizeCommand.Create());
        root.Subcommands.Add(VacuumCommand.Create());
        return await root.Parse(args).InvokeAsync();
    }

    [Fact]
    public async Task Optimize_then_vacuum_from_the_command_line_with_exit_codes_for_bad_input()
    {
        await using var lake = await MaintenanceLake.StartAsync(output);
        await lake.CompactInPassesAsync();
        var compacted = lake.DataFilesOnStorage();
        string[] at = ["--lake", lake.Harness.LakePath];

        Assert.Equal(1, await RunAsync(["optimize", "--target-size-mb", "0", .. at]));
        Assert.Equal(2, await RunAsync(["optimize", "--from-date", "2024-08-02", "--to-date", "2024-08-01", .. at]));
        Assert.Equal(0, await RunAsync(["optimize", "--symbol", "btcusdt", "--json", .. at]));
        Assert.Equal(0, await RunAsync(["optimize", .. at]));
        Assert.Equal([0L, 1, 2], lake.CommitVersions());

        Assert.Equal(2, await RunAsync(["vacuum", "--retain-hours", "0.5", .. at]));
        Assert.Equal(0, await RunAsync(["vacuum", "--retain-hours", "0", "--force", "--dry-run", "--json", .. at]));
        Assert.Equal(0, await RunAsync(["vacuum", .. at]));
        Assert.Equal(6, lake.DataFilesOnStorage().Count);
        Assert.Equal(0, await RunAsync(["vacuum", "--retain-hours", "0", "--force", .. at]));

        Assert.Equal([0L, 1, 2, 3, 4], lake.CommitVersions());
        Assert.Equal(2, lake.DataFilesOnStorage().Count);
        Assert.All(compacted, key => Assert.False(File.Exists(Path.Combine(lake.Harness.LakePath, key))));
        Assert.True((await lake.AuditAsync()).Clean);
    }
}
