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

    private static readonly Option<DateOnly?> FromDate = DateOptions.Create("--from-date", "First day to import.", required: true);

    private static readonly Option<DateOnly?> ToDate = DateOptions.Create("--to-date",
        "Last day to import (inclusive); default yesterday. The archive publishes a day only after it ends.");

    private static readonly Option<bool> Json = CommonOptions.Json();

    public static Command Create()
    {
        var command = new Command("archive", """
            Import a symbol's trades from the Binance bulk archive (data/spot/{monthly,daily}/trades) for a range of
            days: monthly files for whole months, daily files for the rest, several downloads at once. Each file is
            verified against its .CHECKSUM and read in full before anything is kept; it is then stored as downloaded
            in raw/binance-spot/<SYMBOL>/archive/<first id>-<last id>.zip and compacted into the trades table.
            A rerun imports only files not yet imported. A file the archive lacks (404) is reported; a file that
            fails its checksum or cannot be read is rejected whole. Exit codes: 0 every file imported; 2 bad input
            or no archive file at all for the range; 3 some files missing (not published yet, or never); 5 a file
            was damaged (rerun to try it again) or the import failed; 130 interrupted.
            """)
        {
            Symbol, FromDate, ToDate, ArchiveOptions.ArchiveUrl, ArchiveOptions.Downloads, Json,
        };
        command.SetGuardedAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, ILogger logger, CancellationToken cancellationToken)
    {
        var symbol = parse.GetValue(Symbol)!;
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var from = parse.GetValue(FromDate)!.Value;
        var to = parse.GetValue(ToDate) ?? yesterday;
        if (to > yesterday)
            throw new CommandInputException($"--to-date {to:yyyy-MM-dd}: the archive publishes a day only after it ends; the latest day it can have is {yesterday:yyyy-MM-dd}. Take newer days from REST (backfill).");
        if (from > to)
            throw new CommandInputException($"--from-date {from:yyyy-MM-dd} is after --to-date {to:yyyy-MM-dd}.");

        var store = LakeOptions.Open(parse);
        using var client = ArchiveOptions.CreateClient(parse, logger);
        var importer = new ArchiveImporter(client, store, logger);
        var json = parse.GetValue(Json);
        var summary = await ProgressView.ShowAsync(!json && AnsiConsole.Profile.Capabilities.Interactive, logger,
            () => Snapshot(symbol, importer.Progress),
            () => importer.ImportAsync(symbol, from, to, parse.GetValue(ArchiveOptions.Downloads), cancellationToken)).ConfigureAwait(false);
        var compacted = summary.Imported.Count > 0
            ? await new Compactor(store, RawChunkDecoders.All, logger).RunAsync(cancellationToken).ConfigureAwait(false)
            : null;

        if (json)
            Console.Out.WriteLine(JsonSerializer.Serialize(new { archive = summary, compact = compacted }, JsonDefaults.Options));
        else
            Print(summary, compacted);
        if (summary.Damaged.Count > 0)
            return ExitCodes.Failed;
        if (summary.Imported.Count == 0 && summary.AlreadyImported == 0)
            throw new CommandInputException($"The archive has no {symbol} trades file for {from:yyyy-MM-dd}..{to:yyyy-MM-dd}: check the symbol (listed spot pairs only) and the dates.");
        return summary.Complete ? ExitCodes.Ok : ExitCodes.Incomplete;
    }

    private static ProgressSnapshot? Snapshot(string symbol, ArchiveProgress progress) =>
        progress.FilesPlanned == 0
            ? null
            : new ProgressSnapshot(symbol, progress.FilesDone, progress.FilesPlanned,
                $"{progress.FilesDone:N0}/{progress.FilesPlanned:N0} files, {progress.BytesDownloaded / 1048576.0:N1} MiB, {progress.TradesImported:N0} trades");

    private static void Print(ArchiveImportSummary summary, CompactSummary? compacted)
    {
        var table = new Table().HideHeaders().AddColumn("what").AddColumn("value").Title($"Archive import {summary.Symbol} {summary.From:yyyy-MM-dd}..{summary.To:yyyy-MM-dd}")
            .AddRow("files imported", $"{summary.Imported.Count:N0} ({summary.Trades:N0} trades, {summary.BytesDownloaded / 1048576.0:N1} MiB)")
            .AddRow("already imported", $"{summary.AlreadyImported:N0}")
            .AddRow("missing (404)", summary.Missing.Count == 0 ? "none" : Markup.Escape(string.Join(", ", summary.Missing)))
            .AddRow("damaged (rejected)", summary.Damaged.Count == 0 ? "none" : Markup.Escape(string.Join("; ", summary.Damaged.Select(d => $"{d.File}: {d.Reason}"))));
        var gaps = summary.Imported.SelectMany(f => f.Gaps).ToList();
        if (gaps.Count > 0)
            table.AddRow("id gaps inside files", Markup.Escape($"{string.Join(", ", gaps.Take(10))}{(gaps.Count > 10 ? $" (+{gaps.Count - 10} more)" : "")}; `repair` fetches them from REST"));
        table.AddRow("table", compacted is null ? "unchanged" : $"version {compacted.Version?.ToString() ?? "unchanged"}, {compacted.TradesAdded:N0} trades added, {compacted.DuplicatesDropped:N0} duplicates dropped")
            .AddRow("elapsed", $"{summary.ElapsedSeconds + (compacted?.ElapsedSeconds ?? 0):0.0} s");
        AnsiConsole.Write(table);
    }
}
