using System.CommandLine;
using Binance.Lake.Cli.Options;
using Binance.Lake.Extract.Backfill;
using Binance.Lake.Extract.RawFormats;
using Binance.Lake.Transform.Audit;
using Binance.Lake.Transform.Compaction;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Binance.Lake.Cli.Commands;

/// <summary>
/// <c>binance-lake repair</c>: audit, refetch exactly the missing id ranges through the REST backfill path,
/// compact, audit again. Composition only: each step is the same code its own command runs.
/// </summary>
internal static class RepairCommand
{
    private static readonly Option<string?> Symbol = CommonOptions.Symbol("The instrument to repair, e.g. BTCUSDT.", required: true);

    public static Command Create()
    {
        var command = new Command("repair", """
            Audit one instrument in the curated table, refetch exactly the missing trade ids from Binance REST
            (into the raw zone, like backfill), compact them in, and audit again. Exit 0 when the audit is then
            clean; 3 when ids remain missing (e.g. REST no longer serves them: take them from the bulk archive).
            """) { Symbol, RestOptions.RestUrl, RestOptions.ApiKey, RestOptions.WeightShare };
        command.SetGuardedAction(async (parse, logger, cancellationToken) =>
        {
            var symbol = parse.GetValue(Symbol)!;
            var store = LakeOptions.Open(parse);
            var auditor = new TableAuditor(store);
            var before = await auditor.AuditAsync(symbol, null, null, cancellationToken).ConfigureAwait(false);
            var missing = before.Days.SelectMany(d => d.Missing).ToArray();
            if (missing.Length == 0)
            {
                logger.LogInformation("{Symbol}: nothing missing ({Trades:N0} trades, every id once)", symbol, before.Trades);
                return before.Clean ? ExitCodes.Ok : ExitCodes.Incomplete;
            }

            logger.LogInformation("{Symbol}: refetching {Count:N0} missing ids in {Ranges} range(s)", symbol, missing.Sum(r => r.Count), missing.Length);
            using var client = RestOptions.CreateClient(parse, logger);
            foreach (var range in missing)
                await new BackfillRunner(client, store, logger, TimeProvider.System)
                    .RunAsync(new BackfillRequest(symbol, new BackfillMode.Ids(range.First, range.Last)), cancellationToken).ConfigureAwait(false);
            await new Compactor(store, RawChunkDecoders.All, logger).RunAsync(cancellationToken).ConfigureAwait(false);

            var after = await auditor.AuditAsync(symbol, null, null, cancellationToken).ConfigureAwait(false);
            var left = after.Days.SelectMany(d => d.Missing).ToArray();
            AnsiConsole.MarkupLine(after.Clean
                ? $"[green]Repaired:[/] {symbol} holds {after.Trades:N0} trades, every id once."
                : $"[red]Still missing:[/] {Markup.Escape(string.Join(", ", left))} (REST does not serve them; the bulk archive has them).");
            return after.Clean ? ExitCodes.Ok : ExitCodes.Incomplete;
        });
        return command;
    }
}
