using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Binance.Lake.Tests.Support;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Serving;

/// <summary><c>binance-lake load</c> as a user meets it: the real CLI, its defaults, its output and its errors.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LoadCliTests(PostgresFixture postgres, ITestOutputHelper output) : IDisposable
{
    private readonly ServingLake _lake = new(output);

    [Fact]
    public async Task Load_into_postgres_prints_a_json_summary_and_a_rerun_loads_nothing()
    {
        await _lake.TwoByTwoAsync();
        var target = new PostgresTestTarget(await postgres.NewDatabaseAsync());
        string[] load = ["load", "--lake", _lake.Path, "--target", target.Argument, "--json"];

        var (code, stdout, stderr) = await CliProcess.RunAsync(load);
        var (rerunCode, rerun, _) = await CliProcess.RunAsync(load);

        output.WriteLine(stderr);
        Assert.Equal(0, code);
        using (var summary = JsonDocument.Parse(stdout))
        {
            Assert.Equal(4, summary.RootElement.GetProperty("partitionsAdded").GetInt32());
            Assert.Equal(900, summary.RootElement.GetProperty("rows").GetInt64());
            Assert.DoesNotContain("Password", summary.RootElement.GetProperty("target").GetString());
        }
        Assert.Equal(0, rerunCode);
        using (var summary = JsonDocument.Parse(rerun))
            Assert.Equal((4, 0L), (summary.RootElement.GetProperty("partitionsUnchanged").GetInt32(), summary.RootElement.GetProperty("rows").GetInt64()));
        Assert.Equal(await _lake.TableRowsAsync(), await target.RowsAsync());
    }

    [Fact]
    public async Task Without_a_target_a_local_lake_is_served_from_a_duckdb_file_beside_it()
    {
        await _lake.TwoByTwoAsync();

        var (code, stdout, _) = await CliProcess.RunAsync(["load", "--lake", _lake.Path, "--symbol", "ethusdt", "--from-date", "2024-08-09"]);

        Assert.Equal(0, code);
        Assert.Contains("rows written", stdout);
        var served = new DuckDbTestTarget(Path.Combine(_lake.Path, "serving", "trades.duckdb"));
        Assert.Equal(await _lake.TableRowsAsync(p => p.Instrument == "ETHUSDT" && p.Day == ServingLake.Day1.AddDays(1)), await served.RowsAsync());
    }

    [Theory]
    [InlineData("mysql:Host=x", "must start with duckdb: or postgres:")]
    [InlineData("duckdb:", "needs the database file's path")]
    [InlineData("postgres:Database=market", "needs Host=")]
    [InlineData("postgres:Hots=localhost;Password=hunter2", "The --target given")]
    [InlineData("postgres://lake@localhost/market", "key=value pairs")]
    public async Task A_malformed_target_is_bad_input_with_an_example(string target, string explanation)
    {
        await _lake.TwoByTwoAsync();

        var (code, _, stderr) = await CliProcess.RunAsync(["load", "--lake", _lake.Path, "--target", target]);

        Assert.Equal(2, code);
        Assert.Contains(explanation, stderr);
        Assert.Contains("e.g. duckdb:", stderr);
        Assert.DoesNotContain("hunter2", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task An_s3_lake_needs_a_target()
    {
        var (code, _, stderr) = await CliProcess.RunAsync(["load", "--lake", "s3://some-bucket/lake"]);

        Assert.Equal(2, code);
        Assert.Contains("give --target", stderr);
    }

    [Fact]
    public async Task An_unreachable_postgres_fails_with_a_message_not_a_stack_trace()
    {
        await _lake.TwoByTwoAsync();
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var (code, _, stderr) = await CliProcess.RunAsync(
            ["load", "--lake", _lake.Path, "--target", $"postgres:Host=127.0.0.1;Port={closedPort};Username=lake;Password=hunter2;Database=market"]);

        Assert.Equal(5, code);
        Assert.Contains($"Cannot connect to PostgreSQL (postgres:Host=127.0.0.1;Port={closedPort};Database=market;Username=lake)", stderr);
        Assert.DoesNotContain("hunter2", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task Help_explains_every_option()
    {
        var (code, stdout, _) = await CliProcess.RunAsync(["load", "--help"]);

        Assert.Equal(0, code);
        foreach (var option in new[] { "--target", "--symbol", "--from-date", "--to-date", "--json", "--lake", "duckdb:PATH", "postgres:", "BINANCE_SERVING_TARGET", "trades_load_state" })
            Assert.Contains(option, stdout);
    }

    public void Dispose() => _lake.Dispose();
}
