using System.CommandLine;
using System.Text.Json;
using Binance.Lake.Cli.Options;
using Binance.Lake.Transform.Maintenance;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Binance.Lake.Cli.Commands;

/// <summary><c>binance-lake optimize</c>: the small files of each partition rewritten into files near a target size.</summary>
internal static class OptimizeCommand
{
    private static readonly Option<string?> Symbol = CommonOptions.Symbol("Optimize one instrument only, e.g. BTCUSDT.");

    private static readonly Option<DateOnly?> FromDate = DateOptions.Create("--from-date", "First day to optimize.");
    private static readonly Option<DateOnly?> ToDate = DateOptions.Create("--to-date", "Last day to optimize (inclusive).");

    private static readonly Option<int> TargetSizeMb = new("--target-size-mb")
    {
        Description = "Size of the files to write, in MiB (Delta's default 128). Files below 3/4 of it count as small; a partition with two or more small files is rewritten.",
        HelpName = "N",
        DefaultValueFactory = _ => (int)(OptimizeOptions.DefaultTargetFileBytes / (1024 * 1024)),
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<int>() < 1)
                    result.AddError("--target-size-mb must be at least 1.");
            },
        },
    };

    private static readonly Option<bool> Json = CommonOptions.Json();

    public static Command Create()
    {
        var command = new Command("optimize", """
            Rewrite the small files of each partition of <lake>/curated/trades (the ones repeated compacts leave)
            into files near the target size, sorted by trade_id, in one commit with dataChange=false: the same rows,
            so it is safe while compact runs. Files already near the target are left alone, so a rerun commits nothing.
            Replaced files stay on storage until `vacuum` deletes them after the retention.
            """) { Symbol, FromDate, ToDate, TargetSizeMb, Json };
        command.SetGuardedAction(async (parse, logger, cancellationToken) =>
        {
            var options = new OptimizeOptions
            {
                Symbol = parse.GetValue(Symbol),
                FromDate = parse.GetValue(FromDate),
                ToDate = parse.GetValue(ToDate),
                TargetFileBytes = parse.GetValue(TargetSizeMb) * 1024L * 1024,
            };
            if (options.FromDate > options.ToDate)
                throw new CommandInputException($"--to-date {options.ToDate:yyyy-MM-dd} is before --from-date {options.FromDate:yyyy-MM-dd}.");
            var summary = await new Optimizer(LakeOptions.Open(parse), logger).RunAsync(options, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(Json))
                Console.Out.WriteLine(JsonSerializer.Serialize(summary, JsonDefaults.Options));
            else
                AnsiConsole.Write(new Table().HideHeaders().AddColumn("what").AddColumn("value")
                    .Title("Optimize")
                    .AddRow("table version", summary.Version?.ToString() ?? "unchanged (already optimal)")
                    .AddRow("partitions rewritten / considered", $"{summary.PartitionsRewritten:N0} / {summary.PartitionsConsidered:N0}")
                    .AddRow("files removed", $"{summary.FilesRemoved:N0} ({summary.BytesRemoved:N0} bytes)")
                    .AddRow("files added", $"{summary.FilesAdded:N0} ({summary.BytesAdded:N0} bytes)")
                    .AddRow("rows rewritten", $"{summary.Rows:N0}")
                    .AddRow("duplicates dropped", $"{summary.DuplicatesDropped:N0}")
                    .AddRow("elapsed", $"{summary.ElapsedSeconds:0.0} s"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
