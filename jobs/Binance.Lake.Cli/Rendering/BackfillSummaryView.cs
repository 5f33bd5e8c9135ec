using Binance.Lake.Extract.Backfill;
using Spectre.Console;

namespace Binance.Lake.Cli.Rendering;

/// <summary>The end of a REST backfill run, as a table for people.</summary>
internal static class BackfillSummaryView
{
    public static void Print(BackfillSummary summary)
    {
        var table = new Table().Title($"Backfill {Markup.Escape(summary.Symbol)}, {Markup.Escape(summary.Mode)}").HideHeaders()
            .AddColumn("what").AddColumn("value");
        table.AddRow("first id", $"{summary.FirstId}");
        table.AddRow("last id", $"{summary.LastId}");
        table.AddRow("trades in range", $"{summary.Trades:N0}");
        table.AddRow("fetched now", $"{summary.TradesFetched:N0} in {summary.FilesWritten:N0} files");
        table.AddRow("already in the lake", $"{summary.TradesAlreadyPresent:N0}{(summary.Resumed ? " (resumed run)" : "")}");
        table.AddRow("requests", $"{summary.Requests:N0} ({summary.Retries:N0} retried, {summary.RateLimited:N0} 429s)");
        table.AddRow("weight used", $"{summary.WeightUsed:N0}");
        table.AddRow("elapsed", $"{TimeSpan.FromSeconds(summary.ElapsedSeconds):hh\\:mm\\:ss\\.f}");
        table.AddRow("files", Markup.Escape(summary.Files));
        table.AddRow("not served by REST", summary.Complete
            ? "none"
            : Markup.Escape(string.Join(", ", summary.NotServed)) + " [yellow](take these from the bulk archive)[/]");
        AnsiConsole.Write(table);
    }
}
