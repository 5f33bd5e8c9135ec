using System.CommandLine;
using System.Text.Json;
using Binance.Lake.Cli.Options;
using Binance.Lake.Cli.Rendering;
using Binance.Lake.Core.Storage;
using Binance.Lake.Serving;
using Spectre.Console;

namespace Binance.Lake.Cli.Commands;

/// <summary><c>binance-lake load</c>: the curated table into a serving database, idempotently.</summary>
internal static class LoadCommand
{
    private static readonly Option<string?> Target = new("--target", "-t")
    {
        Description = "The serving database: duckdb:PATH (an embedded DuckDB file, created if missing) or postgres:CONNECTION-STRING "
            + "(Npgsql key=value pairs; the password may instead come from PGPASSWORD or ~/.pgpass, out of the process list), "
            + $"e.g. {ServingTarget.Examples}. Default: duckdb:<lake>/{ServingTarget.DefaultDuckDbKey} for a local lake; an S3 lake needs one. "
            + "Env BINANCE_SERVING_TARGET.",
        HelpName = "duckdb:PATH|postgres:CONNSTRING",
        DefaultValueFactory = _ => EnvironmentDefaults.String("BINANCE_SERVING_TARGET"),
    };

    private static readonly Option<string?> Symbol = CommonOptions.Symbol("Load one instrument only, e.g. BTCUSDT.");
    private static readonly Option<DateOnly?> FromDate = DateOptions.Create("--from-date", "First day to load.");
    private static readonly Option<DateOnly?> ToDate = DateOptions.Create("--to-date", "Last day to load (inclusive).");
    private static readonly Option<bool> Json = CommonOptions.Json();

    public static Command Create()
    {
        var command = new Command("load", """
            Copy the curated Delta table <lake>/curated/trades into a serving database: table `trades` (instrument,
            trade_id, price, qty, quote_qty as exact decimal(28,8), trade_time as timestamptz in µs, is_buyer_maker,
            is_best_match, source) and its ledger `trades_load_state`. Only the Delta log decides which data files
            are current. Idempotent: the ledger records which files each partition (instrument, UTC day) was loaded
            from; a partition whose files are unchanged is skipped, a new one is added, and one whose files changed
            (a repair added trades, optimize rewrote it) is replaced whole in one transaction. A rerun with nothing
            new writes nothing. PostgreSQL: `trades` is partitioned by day (trade_time), each day by instrument, so
            a partition is one leaf table, built by binary COPY and swapped in, two partitions at a time; primary
            key (instrument, trade_id, trade_time), BRIN index on trade_time. DuckDB reads the Parquet files itself.
            """) { Target, Symbol, FromDate, ToDate, Json };
        command.SetGuardedAction(async (parse, logger, cancellationToken) =>
        {
            var lake = LakeOptions.Open(parse);
            var target = OpenTarget(parse.GetValue(Target), lake);
            var selection = new LoadSelection(parse.GetValue(Symbol), parse.GetValue(FromDate), parse.GetValue(ToDate));
            if (selection.FromDate > selection.ToDate)
                throw new CommandInputException($"--to-date {selection.ToDate:yyyy-MM-dd} is before --from-date {selection.FromDate:yyyy-MM-dd}.");
            var loader = new ServingLoader(lake, logger);
            var json = parse.GetValue(Json);
            var summary = await ProgressView.ShowAsync(!json && AnsiConsole.Profile.Capabilities.Interactive, logger,
                () => Read(loader.Progress), () => loader.RunAsync(target, selection, cancellationToken)).ConfigureAwait(false);
            if (json)
                Console.Out.WriteLine(JsonSerializer.Serialize(summary, JsonDefaults.Options));
            else
                Print(summary);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static ServingTarget OpenTarget(string? text, IObjectStore lake)
    {
        try
        {
            return text is null ? ServingTarget.DefaultFor(lake) : ServingTarget.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new CommandInputException(e.Message, e);
        }
    }

    private static ProgressSnapshot? Read(LoadProgress progress) =>
        progress.PartitionsToLoad is { } total
            ? new ProgressSnapshot("load", progress.PartitionsDone, total, $"{progress.PartitionsDone:N0}/{total:N0} partitions, {progress.Rows:N0} rows")
            : null;

    private static void Print(LoadSummary summary) =>
        AnsiConsole.Write(new Table().HideHeaders().AddColumn("what").AddColumn("value")
            .Title("Load")
            .AddRow("target", Markup.Escape(summary.Target))
            .AddRow("table version", $"{summary.TableVersion}")
            .AddRow("partitions added / reloaded", $"{summary.PartitionsAdded:N0} / {summary.PartitionsReloaded:N0}")
            .AddRow("partitions unchanged (skipped)", $"{summary.PartitionsUnchanged:N0} of {summary.PartitionsSelected:N0} selected")
            .AddRow("rows written", $"{summary.Rows:N0}")
            .AddRow("elapsed", $"{summary.ElapsedSeconds:0.0} s"));
}
