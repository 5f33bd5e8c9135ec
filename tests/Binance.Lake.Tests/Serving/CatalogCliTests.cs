using Binance.Lake.Tests.Support;

namespace Binance.Lake.Tests.Serving;

/// <summary><c>binance-lake catalog</c>: the exact Athena DDL, and clear refusals of what Athena would reject.</summary>
public sealed class CatalogCliTests
{
    [Fact]
    public async Task Prints_the_native_delta_ddl_athena_documents()
    {
        var (code, stdout, _) = await CliProcess.RunAsync(["catalog", "--database", "market", "--location", "s3://acme-lake/prod/curated/trades"]);

        Assert.Equal(0, code);
        Assert.Equal("""
            CREATE EXTERNAL TABLE market.trades
            LOCATION 's3://acme-lake/prod/curated/trades/'
            TBLPROPERTIES ('table_type' = 'DELTA')

            """, stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task An_s3_lake_gives_the_location_and_names_are_lowered_and_quoted_where_athena_needs_it()
    {
        var (code, stdout, _) = await CliProcess.RunAsync(["catalog", "--database", "Market", "--table", "_trades_v2", "--lake", "s3://acme-lake/prod/"]);

        Assert.Equal(0, code);
        Assert.StartsWith("CREATE EXTERNAL TABLE market.`_trades_v2`\nLOCATION 's3://acme-lake/prod/curated/trades/'", stdout.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("--database", "market-data", "not a valid database name")]
    [InlineData("--table", "trades;DROP", "not a valid table name")]
    [InlineData("--location", "/data/lake/curated/trades", "not an S3 location")]
    [InlineData("--location", "s3://Bad_Bucket/curated/trades", "not a valid S3 bucket name")]
    [InlineData("--location", "s3://acme-lake/it's/trades", "must not contain quotes")]
    public async Task Bad_input_is_refused_with_a_reason(string option, string value, string reason)
    {
        var options = new Dictionary<string, string> { ["--database"] = "market", ["--location"] = "s3://acme-lake/prod/curated/trades", [option] = value };

        var (code, stdout, stderr) = await CliProcess.RunAsync(["catalog", .. options.SelectMany(o => new[] { o.Key, o.Value })]);

        Assert.Equal(2, code);
        Assert.Contains(reason, stderr);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task A_local_lake_without_a_location_is_refused()
    {
        using var lake = new TempFolder();

        var (code, _, stderr) = await CliProcess.RunAsync(["catalog", "--database", "market", "--lake", lake.Path]);

        Assert.Equal(2, code);
        Assert.Contains("Athena reads only S3", stderr);
    }

    [Fact]
    public async Task Help_describes_the_glue_crawler_alternative()
    {
        var (code, stdout, _) = await CliProcess.RunAsync(["catalog", "--help"]);

        Assert.Equal(0, code);
        foreach (var text in new[] { "--database", "--table", "--location", "Glue crawler", "Create Native tables", "table_type" })
            Assert.Contains(text, stdout);
    }
}
