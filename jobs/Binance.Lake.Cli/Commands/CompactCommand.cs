using System.CommandLine;
using System.Text.Json;
using Binance.Lake.Cli.Options;
using Binance.Lake.Extract.RawFormats;
using Binance.Lake.Transform.Compaction;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Binance.Lake.Cli.Commands;

/// <summary><c>binance-lake compact</c>: the raw zone into the curated Delta table.</summary>
internal static class CompactCommand
{
    private static readonly Option<bool> Json = CommonOptions.Json();

    public static Command Create()
    {
        var command = new Command("compact", """
            Compact the raw zone into the Delta table <lake>/curated/trades, partitioned by trade_year, trade_month,
            trade_day (UTC) and instrument, deduplicated by trade id, Snappy Parquet sorted by trade_id.
            Incremental and idempotent: only raw files not yet in the table are read, and a rerun commits nothing.
            Commits every 256 files and at the end; killed part-way, the table stays as of its last commit and the
            next run does the rest.
            """) { Json };
        command.SetGuardedAction(async (parse, logger, cancellationToken) =>
        {
            var summary = await new Compactor(LakeOptions.Open(parse), RawChunkDecoders.All, logger).RunAsync(cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(Json))
                Console.Out.WriteLine(JsonSerializer.Serialize(summary, JsonDefaults.Options));
            else
                AnsiConsole.Write(new Table().HideHeaders().AddColumn("what").AddColumn("value")
                    .Title("Compact")
                    .AddRow("table version", summary.Version?.ToString() ?? "unchanged (nothing new)")
                    .AddRow("raw files read", $"{summary.RawFiles:N0}")
                    .AddRow("trades read", $"{summary.TradesRead:N0}")
                    .AddRow("trades added", $"{summary.TradesAdded:N0}")
                    .AddRow("duplicates dropped", $"{summary.DuplicatesDropped:N0}")
                    .AddRow("partitions / files", $"{summary.Partitions:N0} / {summary.FilesWritten:N0}")
                    .AddRow("elapsed", $"{summary.ElapsedSeconds:0.0} s"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
