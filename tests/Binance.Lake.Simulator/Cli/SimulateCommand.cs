using System.CommandLine;
using System.Globalization;
using System.Numerics;
using Binance.Lake.Simulator.Archive;
using Binance.Lake.Simulator.Cli;

namespace Binance.Lake.Simulator;

/// <summary>
/// The `simulate` command: runs an <see cref="ExchangeSimulator"/> until Ctrl-C/SIGTERM.
/// Options are taken as text and validated here so every bad value, type errors included,
/// ends with a message on stderr and exit code 2.
/// </summary>
public static class SimulateCommand
{
    public const int ExitInvalidArguments = 2;

    public static Command Create()
    {
        var port = Text("--port", "port", "0", "TCP port on 127.0.0.1 to listen on; 0 picks a free port (the chosen one is printed).");
        var symbols = Text("--symbols", "symbols", "BTCUSDT,ETHUSDT",
            "Comma-separated symbols with generated history. BTCUSDT and ETHUSDT get realistic prices and filters; any other name trades around 1.0.");
        var seed = Text("--seed", "seed", "1", "Seed for all generated data and injected faults; the same seed gives the same trades and the same fault sequence.");
        var weightLimit = Text("--weight-limit", "weight", "6000", "REQUEST_WEIGHT allowed per weight interval, per IP (all clients share one IP).");
        var weightInterval = Text("--weight-interval", "duration", "1m",
            "Length of the fixed weight window, aligned to the epoch, e.g. 10s, 1m, 1h. Sets the X-MBX-USED-WEIGHT-<n><unit> header name.");
        var tradesPerSecond = Text("--trades-per-second", "rate", "5",
            "Average trade density of the generated history and of its live growth (busier 13-16 UTC, quieter around 03 UTC).");
        var historyDays = Text("--history-days", "days", "45", "Generated history starts at UTC midnight this many days before today; at least 30.");
        var restFloorId = Text("--rest-floor-id", "id", "0",
            "REST retention floor: trades below this id are not served (fromId below it starts at the floor), as Binance no longer serves its oldest trades.");
        var replay = new Option<string?>("--replay")
        {
            Description = "Serve one symbol from a real capture instead of generating it: a trade-stream capture ('<ns> <json>' lines, optionally gzipped) or the flattened trade-stream CSV. Format is detected from the content.",
            HelpName = "file",
        };
        var fault5xx = Text("--fault-5xx", "share", "0", "Share (0..1) of trade-data requests answered with HTTP 503 and a Binance error body.");
        var faultTruncate = Text("--fault-truncate", "share", "0", "Share (0..1) of trade-data requests answered 200 with the JSON body cut off part-way.");
        var faultDrop = Text("--fault-drop", "share", "0", "Share (0..1) of trade-data requests whose connection is closed without any response.");
        var faultSlowMs = Text("--fault-slow-ms", "ms", "0", "Delay in milliseconds added before every response; 0 disables it.");
        var banAfter = Text("--ban-after", "count", "3",
            "After a 429, how many further over-limit requests in the same window are tolerated before the IP is banned with 418.");
        var banDuration = Text("--ban-duration", "duration", "2m", "How long a 418 ban lasts, e.g. 30s, 2m.");
        var wsPingInterval = Text("--ws-ping-interval", "duration", "20s", "Websockets: interval of the server's ping frames, e.g. 20s, 500ms.");
        var wsPongTimeout = Text("--ws-pong-timeout", "duration", "1m", "Websockets: a client that has not answered a ping with a pong within this is disconnected.");
        var wsLifetime = Text("--ws-lifetime", "duration", "24h", "Websockets: the server closes each connection (close frame) after this much connection time, e.g. 24h, 2s.");
        var wsDropEvery = OptionalText("--ws-drop-every", "duration",
            "Websocket fault: abort each connection without a close frame after this much connection time, e.g. 30s. Off unless given.");
        var wsStallEvery = OptionalText("--ws-stall-every", "duration",
            "Websocket fault: after this much connection time a connection sends nothing more (pings aside) until the client closes it. Off unless given.");
        var wsSkipRate = Text("--ws-skip-rate", "share", "0", "Websocket fault: share (0..1) of trade ids never sent on any connection; REST still serves them.");
        var wsRepeatRate = Text("--ws-repeat-rate", "share", "0", "Websocket fault: share (0..1) of trade messages sent twice in a row.");

        var archivePublishDelay = Text("--archive-publish-delay", "duration", "0",
            "How long after a UTC day (or month) ends its archive zip under /data/spot/ appears, e.g. 9h; 0 serves yesterday at once.");
        var archiveMissingDays = Text("--archive-missing-days", "days", "",
            "Comma-separated yyyy-MM-dd days whose archive files, daily and the month's, are never published (404).");
        var archiveTruncateDays = Text("--archive-truncate-days", "days", "",
            "Days whose daily and monthly archive zips are cut to half; their CHECKSUM matches the cut bytes, so only opening the zip shows it.");
        var archiveBadChecksumDays = Text("--archive-bad-checksum-days", "days", "",
            "Days whose daily and monthly CHECKSUM files name a wrong sha256 (the zips are intact).");
        var archiveLateDays = Text("--archive-late-days", "days", "",
            "Days whose daily and monthly archive files are published --archive-late-by later than usual.");
        var archiveLateBy = Text("--archive-late-by", "duration", "2d", "Extra publication delay of --archive-late-days, e.g. 12h, 2d.");

        var command = new Command("simulate",
            "Run a local Binance spot exchange: REST market data (trades, historicalTrades, aggTrades, exchangeInfo) with rate limits, bans and fault injection, "
            + "websocket trade streams (/ws/<symbol>@trade, /stream?streams=...) with pings, lifetime and stream faults, "
            + "and the bulk archive's daily and monthly trade zips with CHECKSUM files from the same history.")
        {
            port, symbols, seed, weightLimit, weightInterval, tradesPerSecond, historyDays, restFloorId, replay,
            fault5xx, faultTruncate, faultDrop, faultSlowMs, banAfter, banDuration,
            wsPingInterval, wsPongTimeout, wsLifetime, wsDropEvery, wsStallEvery, wsSkipRate, wsRepeatRate,
            archivePublishDelay, archiveMissingDays, archiveTruncateDays, archiveBadChecksumDays, archiveLateDays, archiveLateBy,
        };

        command.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            var output = pr.InvocationConfiguration.Output;
            var error = pr.InvocationConfiguration.Error;
            var errors = new List<string>();
            var options = new SimulatorOptions
            {
                Port = Parse<int>(pr, port, errors),
                Symbols = (pr.GetValue(symbols) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(s => s.ToUpperInvariant()).ToList(),
                Seed = Parse<ulong>(pr, seed, errors),
                WeightLimit = Parse<int>(pr, weightLimit, errors),
                WeightInterval = ParseDuration(pr, weightInterval, errors),
                TradesPerSecond = Parse<double>(pr, tradesPerSecond, errors),
                HistoryDays = Parse<int>(pr, historyDays, errors),
                RestFloorId = Parse<long>(pr, restFloorId, errors),
                ReplayFile = pr.GetValue(replay),
                Fault5xx = Parse<double>(pr, fault5xx, errors),
                FaultTruncate = Parse<double>(pr, faultTruncate, errors),
                FaultDrop = Parse<double>(pr, faultDrop, errors),
                FaultSlowMs = Parse<int>(pr, faultSlowMs, errors),
                BanAfter429s = Parse<int>(pr, banAfter, errors),
                BanDuration = ParseDuration(pr, banDuration, errors),
                WsPingInterval = ParseDuration(pr, wsPingInterval, errors),
                WsPongTimeout = ParseDuration(pr, wsPongTimeout, errors),
                WsLifetime = ParseDuration(pr, wsLifetime, errors),
                WsDropEvery = pr.GetValue(wsDropEvery) is null ? null : ParseDuration(pr, wsDropEvery, errors),
                WsStallEvery = pr.GetValue(wsStallEvery) is null ? null : ParseDuration(pr, wsStallEvery, errors),
                WsSkipRate = Parse<double>(pr, wsSkipRate, errors),
                WsRepeatRate = Parse<double>(pr, wsRepeatRate, errors),
                ArchivePublishDelay = ParseDuration(pr, archivePublishDelay, errors, allowZero: true),
                ArchiveMissingDays = ParseDays(pr, archiveMissingDays, errors),
                ArchiveTruncateDays = ParseDays(pr, archiveTruncateDays, errors),
                ArchiveBadChecksumDays = ParseDays(pr, archiveBadChecksumDays, errors),
                ArchiveLateDays = ParseDays(pr, archiveLateDays, errors),
                ArchiveLateBy = ParseDuration(pr, archiveLateBy, errors),
            };
            // Unparsable values were replaced by valid placeholders, so this adds only the remaining problems.
            errors.AddRange(options.Validate());
            if (errors.Count > 0)
            {
                foreach (var e in errors) await error.WriteLineAsync(e);
                return ExitInvalidArguments;
            }

            ExchangeSimulator simulator;
            try
            {
                simulator = await ExchangeSimulator.StartAsync(options, ct);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                // Unreadable replay file, or the port is taken.
                await error.WriteLineAsync(e.Message);
                return ExitInvalidArguments;
            }
            catch (OperationCanceledException)
            {
                return 0;
            }

            await using (simulator)
            {
                await output.WriteLineAsync($"listening on {simulator.BaseUrl.GetLeftPart(UriPartial.Authority)}");
                await output.FlushAsync(CancellationToken.None);
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C / SIGTERM: the normal way to stop.
                }
            }
            return 0;
        });
        return command;
    }

    private static Option<string> Text(string name, string helpName, string defaultValue, string description)
    {
        var option = OptionalText(name, helpName, description);
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    private static Option<string> OptionalText(string name, string helpName, string description) =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
        };

    private static T Parse<T>(ParseResult pr, Option<string> option, List<string> errors)
        where T : struct, INumberBase<T>
    {
        string text = pr.GetValue(option) ?? "";
        var style = typeof(T) == typeof(double) ? NumberStyles.Float : NumberStyles.Integer;
        if (T.TryParse(text.Trim(), style, CultureInfo.InvariantCulture, out T value)) return value;
        errors.Add($"{option.Name}: '{text}' is not a valid {(typeof(T) == typeof(double) ? "number" : "whole number")}.");
        return default;
    }

    private static TimeSpan ParseDuration(ParseResult pr, Option<string> option, List<string> errors, bool allowZero = false)
    {
        if (DurationParser.TryParse(pr.GetValue(option), out var duration, out string error, allowZero)) return duration;
        errors.Add($"{option.Name}: {error}");
        return TimeSpan.FromSeconds(1);
    }

    private static List<DateOnly> ParseDays(ParseResult pr, Option<string> option, List<string> errors)
    {
        var days = new List<DateOnly>();
        foreach (string text in (pr.GetValue(option) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (DateOnly.TryParseExact(text, ArchivePath.DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) days.Add(day);
            else errors.Add($"{option.Name}: '{text}' is not a day; use {ArchivePath.DayFormat}, e.g. 2026-11-23.");
        }
        return days;
    }
}
