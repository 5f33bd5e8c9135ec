using System.CommandLine;
using Binance.Lake.Cli.Options;
using Binance.Lake.Core.Storage;
using Binance.Lake.Serving.Catalog;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Cli.Commands;

/// <summary><c>binance-lake catalog</c>: the Athena DDL that registers the curated table in the Glue catalog.</summary>
internal static class CatalogCommand
{
    private static readonly Option<string> Database = new("--database", "-d")
    {
        Description = "The Glue / Athena database to register the table in (it must exist: CREATE DATABASE market).",
        HelpName = "NAME",
        Required = true,
    };

    private static readonly Option<string> Table = new("--table")
    {
        Description = "The table's name in the catalog.",
        HelpName = "NAME",
        DefaultValueFactory = _ => "trades",
    };

    private static readonly Option<string?> Location = new("--location")
    {
        Description = $"The Delta table's S3 folder, e.g. s3://bucket/lake/{TradesTable.Path}. Default: <lake>/{TradesTable.Path} when --lake is an s3:// lake.",
        HelpName = "s3://BUCKET/PREFIX",
    };

    public static Command Create()
    {
        var command = new Command("catalog", """
            Print the Athena (engine v3) DDL that registers the curated Delta table in the Glue catalog natively:
              CREATE EXTERNAL TABLE db.trades LOCATION 's3://…/curated/trades/' TBLPROPERTIES ('table_type' = 'DELTA')
            Athena takes no columns, partitions or other properties for a Delta table: it reads the schema, the
            partition columns and the live files from the Delta log at every query, so the statement is run once and
            never goes stale. Run it in the Athena console or with `aws athena start-query-execution`.
            Alternative: a Glue crawler with a Delta Lake data source (the table's S3 path) and "Create Native tables"
            enabled (CreateNativeDeltaTable=true, WriteManifest=false) registers the same native table, and
            re-running it picks up schema changes. Spark, Trino and the DuckDB delta extension read the table
            folder directly, with no catalog.
            """) { Database, Table, Location };
        command.SetGuardedAction((parse, _, _) =>
        {
            var location = parse.GetValue(Location) ?? DefaultLocation(parse.GetValue(LakeOptions.Lake)!);
            try
            {
                Console.Out.WriteLine(AthenaDeltaTable.CreateStatement(parse.GetValue(Database)!, parse.GetValue(Table)!, location));
            }
            catch (ArgumentException e)
            {
                throw new CommandInputException(e.Message, e);
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static string DefaultLocation(string lake) => S3Location.IsS3Uri(lake)
        ? lake.TrimEnd('/') + "/" + TradesTable.Path
        : throw new CommandInputException($"The lake {lake} is not on S3, and Athena reads only S3: give --location s3://bucket/prefix/{TradesTable.Path}.");
}
