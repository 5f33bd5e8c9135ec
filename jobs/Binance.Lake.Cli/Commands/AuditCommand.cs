using System.CommandLine;
using System.Text.Json;
using Binance.Lake.Cli.Options;
using Binance.Lake.Transform.Audit;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Binance.Lake.Cli.Commands;

/// <summary><c>binance-lake audit</c>: proof that every trade id is in the table exactly once.</summary>
internal static class AuditCommand
{
    private static readonly Option<string?> Symbol = CommonOptions.Symbol("Audit one instrument only, e.g. BTCUSDT.");

    private static readonly Option<DateOnly?> FromDate = DateOptions.Create("--from-date", "First day to audit.");
    private static readonly Option<DateOnly?> ToDate = DateOptions.Create("--to-date", "Last day to audit (inclusive).");
    private static readonly Option<bool> Json = CommonOptions.Json("report");

    public static Command Create()
    {
        var command = new Command("audit", """
            Check the curated table, per instrument and UTC day: first and last trade id, count, duplicates, and
            missing id ranges, inside each day and across day boundaries within the audited range.
            Exit code 0 only when nothing is missing or duplicated; 3 when something is (`repair` refetches it).
            """) { Symbol, FromDate, ToDate, Json };
        command.SetGuardedAction(async (parse, logger, cancellationToken) =>
        {
            var report = await new TableAuditor(LakeOptions.Open(parse))
                .AuditAsync(parse.GetValue(Symbol), parse.GetValue(FromDate), parse.GetValue(ToDate), cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(Json))
                Console.Out.WriteLine(JsonSerializer.Serialize(report, JsonDefaults.Options));
            else
                Print(report);
            if (!report.Clean)
                logger.LogWarning("The table is not complete: {Days} day(s) have missing or duplicated trade ids", report.Days.Count(d => !d.Clean));
            return report.Clean ? ExitCodes.Ok : ExitCodes.Incomplete;
        });
        return command;
    }

    private static void Print(AuditReport report)
    {
        var table = new Table().Title("Audit of curated/trades")
            .AddColumn("instrument").AddColumn("day").AddColumn("first id").AddColumn("last id")
            .AddColumn("trades").AddColumn("duplicates").AddColumn("missing");
        foreach (var day in report.Days)
            table.AddRow(
                Markup.Escape(day.Instrument), $"{day.Day:yyyy-MM-dd}", $"{day.FirstId}", $"{day.LastId}", $"{day.Count:N0}",
                day.Duplicates == 0 ? "0" : $"[red]{day.Duplicates:N0}[/]",
                day.Missing.Count == 0 ? "none" : $"[red]{day.MissingCount:N0}: {Markup.Escape(string.Join(", ", day.Missing.Take(5)))}{(day.Missing.Count > 5 ? " …" : "")}[/]");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(report.Clean
            ? $"[green]Clean:[/] {report.Trades:N0} trades, every id once."
            : "[red]Not clean.[/] Run `binance-lake repair --symbol <S>` to refetch the missing ids.");
    }
}
