using System.CommandLine;
using System.Text.Json;
using Binance.Lake.Cli.Options;
using Binance.Lake.Cli.Rendering;
using Binance.Lake.Extract.Archive;
using Binance.Lake.Extract.RawFormats;
using Binance.Lake.Transform.Compaction;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Binance.Lake.Cli.Commands;

/// <summary><c>binance-lake archive</c>: deep history from the bulk archive into the raw zone, then into the table.</summary>
internal static class ArchiveCommand
{
    private static readonly Option<string?> Symbol = CommonOptions.Symbol("The spot pair, e.g. BTCUSDT (any case).", required: true);

    private static readonly Option<DateOnly?> FromDate = DateOptions.Create("--from-date", "First day to import.");

    private static readonly Option<DateOnly?> ToDate = DateOptions.Create("--to-date",
        "Last day to import (inclusive); default yesterday. The archive publishes a day only after it ends.");

    private static readonly Option<string[]> Files = new("--file")
    {
        Description = "Instead of downloading: import these zips already on disk (repeat the option), named as the archive names them (SYMBOL-trades-YYYY-MM-DD.zip or SYMBOL-trades-YYYY-MM.zip). A .CHECKSUM beside a zip is verified.",
        HelpName = "ZIP",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<bool> Json = CommonOptions.Json();

    public static Command Create()
    {
        var command = new Command("archive", """
            Import a symbol's trades from the Binance bulk archive (data/spot/{monthly,daily}/trades) for a range of
            days: monthly files for whole months, daily files for the rest, several downloads at once. Each file is
            verified against its .CHECKSUM and read once, in full, before anything is kept: that one reading also
            compacts it, and only once the whole file has proved sound is it stored as downloaded in
            raw/binance-spot/<SYMBOL>/archive/<first id>-<last id>.zip and its trades committed to the trades table.
            A rerun imports only files not yet imported. A file the archive lacks (404) is reported; a file that
            fails its checksum or cannot be read is rejected whole. Exit codes: 0 every file imported; 2 bad input
            or no archive file at all for the range; 3 some files missing (not published yet, or never); 5 a file
            was damaged (rerun to try it again) or the import failed; 130 interrupted.
            """)
        {
            Symbol, FromDate, ToDate, Files, ArchiveOptions.ArchiveUrl, ArchiveOptions.Downloads, Json,
        };
        command.Validators.Add(result =>
        {
            var dates = result.GetResult(FromDate) is { Implicit: false };
            var files = result.GetResult(Files) is { Implicit: false };
            if (dates == files)
                result.AddError("Give either --from-date D [--to-date D] (download from the archive) or --file ZIP (import zips on disk).");
            if (files && result.GetResult(ToDate) is { Implicit: false })
                result.AddError("--to-date goes with --from-date.");
        });
        command.SetGuardedAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, ILogger logger, CancellationToken cancellationToken)
    {
        var symbol = parse.GetValue(Symbol)!;
        var store = LakeOptions.Open(parse);
        using var client = ArchiveOptions.CreateClient(parse, logger);
        var compactor = new Compactor(store, RawChunkDecoders.All, logger);
        var intake = compactor.Intake();
        var importer = new ArchiveImporter(client, store, logger, intake);
        var json = parse.GetValue(Json);
        var live = !json && AnsiConsole.Profile.Capabilities.Interactive;
        var summary = await ArchiveSummaryView.ShowProgressAsync<ArchiveImportSummary>(importer, symbol, live, logger, parse.GetValue(Files) is { Length: > 0 } files
            ? () => importer.ImportFilesAsync(symbol, files.Select(Existing).ToList(), cancellationToken)
            : () => ImportRangeAsync(parse, importer, symbol, cancellationToken)).ConfigureAwait(false);
        // Each file was compacted as it was read; this takes in what an earlier, interrupted import stored but never
        // committed, or what this one stored but could not compact. Nothing of the symbol stored: nothing to take in.
        var compacted = summary.Imported.Count > 0 || summary.AlreadyImported > 0
            ? intake.Summary.Then(await compactor.RunAsync(cancellationToken).ConfigureAwait(false))
            : null;

        if (json)
            Console.Out.WriteLine(JsonSerializer.Serialize(new { archive = summary, compact = compacted }, JsonDefaults.Options));
        else
            ArchiveSummaryView.Print(summary, compacted);
        if (summary.Damaged.Count > 0)
            return ExitCodes.Failed;
        if (summary.Imported.Count == 0 && summary.AlreadyImported == 0)
            throw new CommandInputException($"The archive has no {symbol} trades file for {summary.From:yyyy-MM-dd}..{summary.To:yyyy-MM-dd}: check the symbol (listed spot pairs only) and the dates.");
        return summary.Complete ? ExitCodes.Ok : ExitCodes.Incomplete;
    }

    private static Task<ArchiveImportSummary> ImportRangeAsync(ParseResult parse, ArchiveImporter importer, string symbol, CancellationToken cancellationToken)
    {
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var from = parse.GetValue(FromDate)!.Value;
        var to = parse.GetValue(ToDate) ?? yesterday;
        if (to > yesterday)
            throw new CommandInputException($"--to-date {to:yyyy-MM-dd}: the archive publishes a day only after it ends; the latest day it can have is {yesterday:yyyy-MM-dd}. Take newer days from REST (backfill).");
        if (from > to)
            throw new CommandInputException($"--from-date {from:yyyy-MM-dd} is after --to-date {to:yyyy-MM-dd}.");
        return importer.ImportAsync(symbol, from, to, parse.GetValue(ArchiveOptions.Downloads), cancellationToken);
    }

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new CommandInputException($"--file {path}: no such file.");
}
