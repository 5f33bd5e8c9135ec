using System.CommandLine;
using Binance.Lake.Cli.Options;
using Binance.Lake.Cli.Rendering;
using System.Text.Json;
using Binance.Lake.Core.Storage;
using Binance.Lake.Extract.Archive;
using Binance.Lake.Extract.Backfill;
using Binance.Lake.Extract.Hybrid;
using Binance.Lake.Extract.Rest;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Binance.Lake.Cli.Commands;

/// <summary><c>binance-lake backfill</c>: historic trades from REST into the raw zone, in one of the brief's three modes.</summary>
internal static class BackfillCommand
{
    private static readonly Option<string?> Symbol = CommonOptions.Symbol("The spot pair, e.g. BTCUSDT (any case).", required: true);

    private static readonly Option<bool> Reverse = new("--reverse")
    {
        Description = "Mode 1: from the newest trade backwards to trade id 0 (or the REST retention floor, or --first-date).",
    };

    private static readonly Option<DateOnly?> FirstDate = DateOptions.Create("--first-date",
        "With --reverse: stop after the first trade of this day.");

    private static readonly Option<long?> FromId = new("--from-id")
    {
        Description = "Mode 2: forwards from this trade id (0 = the symbol's first trade) to the newest trade at the start of the run.",
        HelpName = "ID",
    };

    private static readonly Option<DateOnly?> FromDate = DateOptions.Create("--from-date",
        "Mode 3: forwards from the first trade of this day.");

    private static readonly Option<DateOnly?> ToDate = DateOptions.Create("--to-date",
        "With --from-date: up to the last trade of this day (inclusive); default: the newest trade.");

    private static readonly Option<int> Concurrency = new("--concurrency", "-x")
    {
        Description = "Workers fetching chunks at once (the brief's RESERVED_CONCURRENCY, x). The rate governor, not this number, keeps the request weight under Binance's limit. Env RESERVED_CONCURRENCY.",
        HelpName = "X",
        DefaultValueFactory = result => EnvironmentDefaults.Int("RESERVED_CONCURRENCY", 4, result),
    };

    private static readonly Option<int> ChunkLimit = new("--chunk-limit", "-n")
    {
        Description = "Trades per request and per raw file, at most 1000 (the brief's CHUNK_LIMIT, n). Env CHUNK_LIMIT.",
        HelpName = "N",
        DefaultValueFactory = result => EnvironmentDefaults.Int("CHUNK_LIMIT", BackfillRequest.MaxChunkLimit, result),
    };

    private static readonly Option<IdSearch> IdSearchOption = new("--id-search")
    {
        HelpName = "aggtrades|interpolate",
        Description = "How a date becomes a trade id: 'aggtrades' (one aggTrades?startTime request, weight 4) or 'interpolate' (the brief's interpolation search over historicalTrades pages).",
        DefaultValueFactory = _ => IdSearch.AggTrades,
        CustomParser = result => result.Tokens.Single().Value.ToLowerInvariant() switch
        {
            "aggtrades" => IdSearch.AggTrades,
            "interpolate" => IdSearch.Interpolate,
            var other => Fail<IdSearch>(result, $"--id-search: '{other}' is not one of aggtrades, interpolate."),
        },
    };

    private static readonly Option<BackfillSource> Source = new("--source")
    {
        HelpName = "auto|rest|archive",
        Description = "Where history comes from. auto: the bulk archive for whole past days it has (no weight limit), REST for today, for days the archive lacks, for id gaps in archive files, and up to REST's retention floor, below which the archive takes over. rest: REST only. archive: the archive only (needs dates).",
        DefaultValueFactory = _ => BackfillSource.Auto,
        CustomParser = result => result.Tokens.Single().Value.ToLowerInvariant() switch
        {
            "auto" => BackfillSource.Auto,
            "rest" => BackfillSource.Rest,
            "archive" => BackfillSource.Archive,
            var other => Fail<BackfillSource>(result, $"--source: '{other}' is not one of auto, rest, archive."),
        },
    };

    private static readonly Option<bool> Json = CommonOptions.Json("final summary (progress goes to the log on stderr)");

    public static Command Create()
    {
        var command = new Command("backfill", """
            Fetch historic trades of one symbol from Binance REST (historicalTrades) into the raw zone,
            raw/binance-spot/<SYMBOL>/rest/<first id>-<last id>.json, each file a response body exactly as received.
            Give exactly one mode: --reverse [--first-date D], --from-id N, or --from-date D [--to-date D].
            A stopped run (Ctrl-C, kill -9, crash) resumes when started again with the same mode and chunk limit:
            finished chunks are not fetched again. With --source auto (the default) whole past days come from the bulk
            archive instead (raw/binance-spot/<SYMBOL>/archive/), and REST fills the rest. Run compact afterwards.
            Exit codes: 0 done; 2 bad input; 3 done but part of the range is served by no source (REST retention floor
            with no archive file, or archive days missing); 4 IP banned (418); 5 failed; 130 interrupted.
            """)
        {
            Symbol, Reverse, FirstDate, FromId, FromDate, ToDate, Source, Concurrency, ChunkLimit, IdSearchOption, Json,
            RestOptions.RestUrl, RestOptions.ApiKey, RestOptions.WeightShare, ArchiveOptions.ArchiveUrl, ArchiveOptions.Downloads,
        };
        command.Validators.Add(ValidateMode);
        command.SetGuardedAction(RunAsync);
        return command;
    }

    private static void ValidateMode(System.CommandLine.Parsing.CommandResult result)
    {
        bool Given(Option option) => result.GetResult(option) is { Implicit: false };
        var modes = new[] { Given(Reverse), Given(FromId), Given(FromDate) }.Count(given => given);
        if (modes != 1)
            result.AddError("Give exactly one mode: --reverse [--first-date D], --from-id N (0 for the first trade), or --from-date D [--to-date D].");
        if (Given(FirstDate) && !Given(Reverse))
            result.AddError("--first-date goes with --reverse.");
        if (Given(ToDate) && !Given(FromDate))
            result.AddError("--to-date goes with --from-date.");
    }

    private static async Task<int> RunAsync(ParseResult parse, ILogger logger, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(Json);
        var live = !json && AnsiConsole.Profile.Capabilities.Interactive;
        var request = new BackfillRequest(
            parse.GetValue(Symbol)!,
            Mode(parse),
            parse.GetValue(ChunkLimit),
            parse.GetValue(Concurrency),
            parse.GetValue(IdSearchOption));
        var source = parse.GetValue(Source);
        var store = LakeOptions.Open(parse);
        using var client = RestOptions.CreateClient(parse, logger);
        using var archiveClient = ArchiveOptions.CreateClient(parse, logger);
        var hybrid = new HybridBackfill(
            (part, ct) => RestAsync(part, client, store, live, json, logger, ct),
            (from, to, ct) => ArchiveAsync(request.Symbol, from, to, parse.GetValue(ArchiveOptions.Downloads), archiveClient, store, live, json, logger, ct),
            async (id, ct) => (await client.GetHistoricalTradesAsync(request.Symbol, id, 1, ct).ConfigureAwait(false)).Trades.Single(),
            logger, TimeProvider.System);
        var summary = await hybrid.RunAsync(request, source, cancellationToken).ConfigureAwait(false);

        // --source rest keeps the single-run summary scripts already read; the others list every run.
        if (json)
            Console.Out.WriteLine(source == BackfillSource.Rest
                ? JsonSerializer.Serialize(summary.Rest.Single(), JsonDefaults.Options)
                : JsonSerializer.Serialize(summary, JsonDefaults.Options));
        if (!summary.Complete)
            logger.LogWarning("{Symbol}: no source serves {Ranges}", request.Symbol, string.Join(", ", summary.NotServed.Select(r => r.ToString()).Concat(summary.MissingArchiveFiles)));
        return summary.Complete ? ExitCodes.Ok : ExitCodes.Incomplete;
    }

    private static async Task<BackfillSummary> RestAsync(BackfillRequest request, BinanceRestClient client, IObjectStore store, bool live, bool json,
        ILogger logger, CancellationToken cancellationToken)
    {
        var runner = new BackfillRunner(client, store, logger, TimeProvider.System);
        var summary = await BackfillProgressView.ShowAsync(runner, client, live, logger,
            () => runner.RunAsync(request, cancellationToken)).ConfigureAwait(false);
        if (!json)
            BackfillSummaryView.Print(summary);
        return summary;
    }

    private static async Task<ArchiveImportSummary> ArchiveAsync(string symbol, DateOnly from, DateOnly to, int downloads, ArchiveClient client,
        IObjectStore store, bool live, bool json, ILogger logger, CancellationToken cancellationToken)
    {
        var importer = new ArchiveImporter(client, store, logger);
        var summary = await ArchiveSummaryView.ShowProgressAsync(importer, symbol, live, logger,
            () => importer.ImportAsync(symbol, from, to, downloads, cancellationToken)).ConfigureAwait(false);
        if (!json)
            ArchiveSummaryView.Print(summary);
        return summary;
    }

    private static BackfillMode Mode(ParseResult parse) =>
        parse.GetValue(Reverse) ? new BackfillMode.Reverse(parse.GetValue(FirstDate))
        : parse.GetValue(FromId) is { } id ? new BackfillMode.FromId(id)
        : new BackfillMode.DateRange(parse.GetValue(FromDate)!.Value, parse.GetValue(ToDate));

    private static T Fail<T>(System.CommandLine.Parsing.ArgumentResult result, string error) where T : struct
    {
        result.AddError(error);
        return default;
    }
}
