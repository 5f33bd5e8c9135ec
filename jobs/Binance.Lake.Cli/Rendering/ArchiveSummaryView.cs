using Binance.Lake.Extract.Archive;
using Binance.Lake.Transform.Compaction;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Binance.Lake.Cli.Rendering;

/// <summary>An archive import on screen: its progress while it runs, and a table at the end.</summary>
internal static class ArchiveSummaryView
{
    public static Task<T> ShowProgressAsync<T>(ArchiveImporter importer, string symbol, bool live, ILogger logger, Func<Task<T>> work) =>
        ProgressView.ShowAsync(live, logger, () => Snapshot(symbol, importer.Progress), work);

    private static ProgressSnapshot? Snapshot(string symbol, ArchiveProgress progress) =>
        progress.FilesPlanned == 0
            ? null
            : new ProgressSnapshot(symbol, progress.FilesDone, progress.FilesPlanned,
                $"{progress.FilesDone:N0}/{progress.FilesPlanned:N0} archive files, {progress.BytesDownloaded / 1048576.0:N1} MiB, {progress.TradesImported:N0} trades");

    public static void Print(ArchiveImportSummary summary, CompactSummary? compacted = null)
    {
        var table = new Table().HideHeaders().AddColumn("what").AddColumn("value")
            .Title($"Archive import {Markup.Escape(summary.Symbol)} {summary.From:yyyy-MM-dd}..{summary.To:yyyy-MM-dd}")
            .AddRow("files imported", $"{summary.Imported.Count:N0} ({summary.Trades:N0} trades, {summary.BytesDownloaded / 1048576.0:N1} MiB)")
            .AddRow("already imported", $"{summary.AlreadyImported:N0}")
            .AddRow("missing (404)", summary.Missing.Count == 0 ? "none" : Markup.Escape(string.Join(", ", summary.Missing)))
            .AddRow("damaged (rejected)", summary.Damaged.Count == 0 ? "none" : Markup.Escape(string.Join("; ", summary.Damaged.Select(d => $"{d.File}: {d.Reason}"))));
        var gaps = summary.Imported.SelectMany(f => f.Gaps).ToList();
        if (gaps.Count > 0)
            table.AddRow("id gaps inside files", Markup.Escape($"{string.Join(", ", gaps.Take(10))}{(gaps.Count > 10 ? $" (+{gaps.Count - 10} more)" : "")}; `repair` fetches them from REST"));
        if (compacted is not null)
            table.AddRow("table", $"version {compacted.Version?.ToString() ?? "unchanged"}, {compacted.TradesAdded:N0} trades added, {compacted.DuplicatesDropped:N0} duplicates dropped");
        table.AddRow("elapsed", $"{summary.ElapsedSeconds + (compacted?.ElapsedSeconds ?? 0):0.0} s");
        AnsiConsole.Write(table);
    }
}
