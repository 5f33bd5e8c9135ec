using System.CommandLine;
using System.Text.Json;
using Binance.Lake.Cli.Options;
using Binance.Lake.Transform.Maintenance;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Binance.Lake.Cli.Commands;

/// <summary><c>binance-lake vacuum</c>: data files no longer referenced and past the retention, deleted.</summary>
internal static class VacuumCommand
{
    private static readonly Option<double> RetainHours = new("--retain-hours")
    {
        Description = $"Keep files unreferenced for less than this many hours (Delta's default 168, a week of time travel). Below {Vacuum.MinimumRetention.TotalHours:0} needs --force.",
        HelpName = "H",
        DefaultValueFactory = _ => Vacuum.DefaultRetention.TotalHours,
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<double>() is not (>= 0 and <= 1_000_000))
                    result.AddError("--retain-hours must be a number of hours, 0 or more.");
            },
        },
    };

    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "List what would be deleted; delete nothing and record nothing." };

    private static readonly Option<bool> Force = new("--force")
    {
        Description = $"Allow --retain-hours below {Vacuum.MinimumRetention.TotalHours:0}. Only when no compact or optimize is running: their data files are on storage before their commit, and would be deleted.",
    };

    private static readonly Option<bool> Json = CommonOptions.Json();

    public static Command Create()
    {
        var command = new Command("vacuum", """
            Delete the data files of <lake>/curated/trades that no live file of the latest version references and that
            have been unreferenced longer than the retention: files optimize replaced, and files of runs that never
            committed. Never deletes a referenced file (the log is re-read right before deleting), never touches
            _delta_log/. A run that deletes something is recorded as VACUUM START / VACUUM END in the history.
            """) { RetainHours, DryRun, Force, Json };
        command.SetGuardedAction(async (parse, logger, cancellationToken) =>
        {
            var retention = TimeSpan.FromHours(parse.GetValue(RetainHours));
            if (retention < Vacuum.MinimumRetention && !parse.GetValue(Force))
                throw new CommandInputException(
                    $"--retain-hours {retention.TotalHours:0.##} is below {Vacuum.MinimumRetention.TotalHours:0} h: a running compact or optimize has data files "
                    + "on storage that it has not committed yet, and they would be deleted. Add --force only when no writer is running.");
            var summary = await new Vacuum(LakeOptions.Open(parse), logger, TimeProvider.System)
                .RunAsync(retention, parse.GetValue(DryRun), parse.GetValue(Force), cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(Json))
                Console.Out.WriteLine(JsonSerializer.Serialize(summary, JsonDefaults.Options));
            else
                Print(summary);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(VacuumSummary summary)
    {
        var deleted = summary.DryRun ? "would delete" : "deleted";
        var table = new Table().HideHeaders().AddColumn("what").AddColumn("value")
            .Title(summary.DryRun ? "Vacuum (dry run)" : "Vacuum")
            .AddRow("table version", $"{summary.TableVersion}")
            .AddRow("retention", $"{summary.RetentionHours:0.##} h (unreferenced before {summary.Cutoff:u})")
            .AddRow("files listed", $"{summary.FilesListed:N0} ({summary.FilesLive:N0} live, {summary.FilesRetained:N0} within the retention)")
            .AddRow($"{deleted}: removed by a commit", $"{summary.TombstonesDeleted:N0}")
            .AddRow($"{deleted}: never committed", $"{summary.OrphansDeleted:N0}")
            .AddRow($"bytes {deleted}", $"{summary.BytesDeleted:N0}")
            .AddRow("spared by the re-check", $"{summary.FilesSpared:N0}")
            .AddRow("recorded", summary.StartVersion is { } start ? $"VACUUM START {start}, VACUUM END {summary.EndVersion?.ToString() ?? "not written"}" : Markup.Escape(summary.Note ?? "no"))
            .AddRow("elapsed", $"{summary.ElapsedSeconds:0.0} s");
        if (summary.DryRun)
        {
            foreach (var key in summary.Deleted.Take(20))
                table.AddRow("", Markup.Escape(key));
            if (summary.Deleted.Count > 20)
                table.AddRow("", $"… and {summary.Deleted.Count - 20:N0} more (--json lists them all)");
        }
        AnsiConsole.Write(table);
    }
}
