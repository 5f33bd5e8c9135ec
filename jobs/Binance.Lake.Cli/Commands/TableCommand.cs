using System.CommandLine;
using System.Text.Json;
using Binance.Lake.Cli.Options;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Binance.Lake.Cli.Commands;

/// <summary><c>binance-lake table info|history|files</c>: what a user asks of a Delta table, for any reader-1/writer-2 table.</summary>
internal static class TableCommand
{
    private static readonly Option<string?> TablePath = new("--path")
    {
        Description = "The Delta table: a folder or s3://bucket/prefix. Default: the lake's curated trades table (<lake>/curated/trades).",
        HelpName = "TABLE",
    };

    private static readonly Option<long?> Version = new("--version") { Description = "Read the table as of this version (default: the latest).", HelpName = "N" };

    public static Command Create()
    {
        var command = new Command("table", "Inspect a Delta table: `info` (version, schema, partitions, files, rows), `history` (commits), `files` (live data files).");
        command.Subcommands.Add(Sub("info", "Version, protocol, schema, partition columns, file and row counts, app transactions.", Info));
        command.Subcommands.Add(Sub("history", "Every commit, newest first: version, time, operation, parameters and metrics.", History));
        command.Subcommands.Add(Sub("files", "The live data files: path, partition values, size and rows.", Files));
        return command;
    }

    private static Command Sub(string name, string description, Func<DeltaTable, ParseResult, CancellationToken, Task> show)
    {
        var command = new Command(name, description) { TablePath, Version };
        command.SetGuardedAction(async (parse, _, cancellationToken) =>
        {
            await show(Open(parse), parse, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static DeltaTable Open(ParseResult parse) => parse.GetValue(TablePath) is { } path
        ? new DeltaTable(LakeOptions.Open(path, parse), "")
        : TradesTable.Open(LakeOptions.Open(parse));

    private static async Task Info(DeltaTable table, ParseResult parse, CancellationToken cancellationToken)
    {
        var snapshot = await table.LoadAsync(parse.GetValue(Version), cancellationToken).ConfigureAwait(false);
        var rows = snapshot.Files.Select(f => RowCount(f.Stats)).ToArray();
        var grid = new Table().Title(Markup.Escape(table.Name)).HideHeaders().AddColumn("what").AddColumn("value")
            .AddRow("version", $"{snapshot.Version} ({snapshot.Timestamp:u})")
            .AddRow("protocol", $"reader {snapshot.Protocol.MinReaderVersion}, writer {snapshot.Protocol.MinWriterVersion}")
            .AddRow("table id", Markup.Escape(snapshot.Metadata.Id + (snapshot.Metadata.Name is { } n ? $" ({n})" : "")))
            .AddRow("partition columns", Markup.Escape(snapshot.Metadata.PartitionColumns.Count == 0 ? "none" : string.Join(", ", snapshot.Metadata.PartitionColumns)))
            .AddRow("schema", Markup.Escape(string.Join("\n", snapshot.Metadata.Schema.Fields.Select(f => $"{f.Name} {(f.IsNested ? "struct" : f.Type)}{(f.Nullable ? "" : " not null")}"))))
            .AddRow("files", $"{snapshot.Files.Count:N0} ({snapshot.Files.Sum(f => f.Size):N0} bytes)")
            .AddRow("rows", rows.All(r => r is not null) ? $"{rows.Sum(r => r!.Value):N0}" : "unknown (files without stats)")
            .AddRow("partitions", $"{snapshot.Files.Select(f => string.Join("/", f.PartitionValues.OrderBy(p => p.Key).Select(p => p.Value))).Distinct().Count():N0}")
            .AddRow("tombstones", $"{snapshot.Tombstones.Count:N0}")
            .AddRow("app transactions", Markup.Escape(snapshot.AppTransactions.Count == 0 ? "none" : string.Join(", ", snapshot.AppTransactions.Select(t => $"{t.Key}={t.Value}"))));
        AnsiConsole.Write(grid);
    }

    private static async Task History(DeltaTable table, ParseResult parse, CancellationToken cancellationToken)
    {
        var grid = new Table().Title(Markup.Escape(table.Name)).AddColumn("version").AddColumn("time (UTC)").AddColumn("operation")
            .AddColumn("parameters").AddColumn("metrics");
        foreach (var (version, info) in await table.HistoryAsync(cancellationToken).ConfigureAwait(false))
            grid.AddRow($"{version}",
                info?.Timestamp is { } ms ? $"{DateTimeOffset.FromUnixTimeMilliseconds(ms):yyyy-MM-dd HH:mm:ss}" : "",
                Markup.Escape(info?.Operation ?? ""),
                Markup.Escape(string.Join(", ", info?.OperationParameters.Select(p => $"{p.Key}={p.Value}") ?? [])),
                Markup.Escape(string.Join(", ", info?.OperationMetrics.Select(p => $"{p.Key}={p.Value}") ?? [])));
        AnsiConsole.Write(grid);
    }

    private static async Task Files(DeltaTable table, ParseResult parse, CancellationToken cancellationToken)
    {
        var snapshot = await table.LoadAsync(parse.GetValue(Version), cancellationToken).ConfigureAwait(false);
        var grid = new Table().Title(Markup.Escape($"{table.Name} @ {snapshot.Version}")).AddColumn("path").AddColumn("partition")
            .AddColumn(new TableColumn("bytes").RightAligned()).AddColumn(new TableColumn("rows").RightAligned());
        foreach (var file in snapshot.Files.OrderBy(f => f.Path, StringComparer.Ordinal))
            grid.AddRow(Markup.Escape(file.Path),
                Markup.Escape(string.Join(", ", file.PartitionValues.Select(p => $"{p.Key}={p.Value ?? "null"}"))),
                $"{file.Size:N0}", RowCount(file.Stats)?.ToString("N0") ?? "");
        AnsiConsole.Write(grid);
    }

    private static long? RowCount(string? stats)
    {
        if (stats is null)
            return null;
        using var json = JsonDocument.Parse(stats);
        return json.RootElement.TryGetProperty("numRecords", out var n) && n.TryGetInt64(out var count) ? count : null;
    }
}
