using System.CommandLine;
using Binance.Lake.Cli.Options;
using Binance.Lake.Cli.Rendering;
using Binance.Lake.Extract.Live;
using Binance.Lake.Extract.Live.Sinks;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Binance.Lake.Cli.Commands;

/// <summary><c>binance-lake live</c>: Binance trade streams into the raw zone or Kafka, every id exactly once.</summary>
internal static class LiveCommand
{
    private static readonly Option<string[]> Symbols = new("--symbols", "-s")
    {
        Description = "Spot pairs to collect, comma-separated, any case: btcusdt,ethusdt.",
        HelpName = "SYMBOLS",
        Required = true,
        CustomParser = result =>
        {
            var symbols = result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(s => s.ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToArray();
            foreach (var bad in symbols.Where(s => !s.All(char.IsAsciiLetterOrDigit)))
                result.AddError($"--symbols: '{bad}' is not a spot pair; write pairs like BTCUSDT.");
            if (symbols.Length == 0)
                result.AddError("--symbols: give at least one pair, e.g. btcusdt,ethusdt.");
            return symbols;
        },
    };

    private static readonly Option<Uri> WsUrl = new("--ws-url")
    {
        Description = $"Binance websocket base URL (e.g. a local `binance-lake simulate`: ws://127.0.0.1:8090/); its query parameters are kept on every connection. Default {LiveOptions.DefaultWebSocketUrl}. Env BINANCE_WS_URL.",
        HelpName = "URL",
        DefaultValueFactory = result => ParseWsUrl(EnvironmentDefaults.String("BINANCE_WS_URL", LiveOptions.DefaultWebSocketUrl.ToString()), "BINANCE_WS_URL", result),
        CustomParser = result => ParseWsUrl(result.Tokens.Single().Value, "--ws-url", result),
    };

    private static readonly Option<string> Sink = new Option<string>("--sink")
    {
        Description = "Where batches go: 'lake' (NDJSON chunks in raw/binance-spot/<SYMBOL>/live/) or 'kafka' (the topic; run `live-sink` to fill the lake from it).",
        HelpName = "lake|kafka",
        DefaultValueFactory = _ => "lake",
    }.AcceptOnlyFromAmong("lake", "kafka");

    private static readonly Option<TimeSpan?> RolloverAfter = LiveCommandOptions.Duration("--ws-rollover-after",
        "Open a new connection beside one this old, and close the old once the new one delivers: before Binance's 24 h cut. Default 23h.");

    private static readonly Option<TimeSpan?> StallTimeout = LiveCommandOptions.Duration("--stall-timeout",
        "Replace a connection that delivers nothing for this long (its stream may have stopped while pings go on). Default 30s.");

    private static readonly Option<int?> StreamsPerConnection = new("--streams-per-connection")
    {
        Description = "Symbols per websocket connection, at most Binance's 1024.",
        HelpName = "N",
    };

    public static Command Create()
    {
        var command = new Command("live", """
            Collect live trades of one or more symbols from Binance's websocket trade streams. Each symbol's trade ids are
            checked for continuity: a gap (a disconnect, a skipped message, a rollover) is filled from REST historicalTrades
            through the shared rate governor, repeats are dropped. Batches close by size or age and go to the sink:
            'lake' writes raw/binance-spot/<SYMBOL>/live/<first id>-<last id>.ndjson (one message a line, exactly as received)
            and repairs as rest/ chunks, which `compact` reads like any raw file; 'kafka' produces them to a topic.
            A restart (after Ctrl-C, kill -9, a crash) resumes each symbol after the newest id in the lake and repairs the
            rest from REST. Ctrl-C or SIGTERM writes the open batches and stops. Exit codes: 0 stopped at --duration;
            2 bad input (unknown symbol); 4 IP banned (418); 5 failed; 130 stopped by Ctrl-C or SIGTERM.
            """)
        {
            Symbols, WsUrl, RestOptions.RestUrl, RestOptions.ApiKey, RestOptions.WeightShare, Sink,
            LiveCommandOptions.BatchMaxTrades, LiveCommandOptions.BatchMaxAge, LiveCommandOptions.RunFor,
            RolloverAfter, StallTimeout, StreamsPerConnection, LiveCommandOptions.MetricsFile,
            LiveCommandOptions.KafkaBootstrap, LiveCommandOptions.KafkaTopicName, LiveCommandOptions.KafkaSettings,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(Sink) == "kafka")
                LiveCommandOptions.RequireKafkaBootstrap(result, "--sink kafka");
        });
        command.SetGuardedAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, ILogger logger, CancellationToken cancellationToken)
    {
        var intoKafka = parse.GetValue(Sink) == "kafka";
        var defaults = new LiveOptions();
        var options = LiveCommandOptions.Batching(parse, defaults with
        {
            WebSocketUrl = parse.GetValue(WsUrl)!,
            RolloverAfter = parse.GetValue(RolloverAfter) ?? defaults.RolloverAfter,
            StallTimeout = parse.GetValue(StallTimeout) ?? defaults.StallTimeout,
            StreamsPerConnection = parse.GetValue(StreamsPerConnection) ?? defaults.StreamsPerConnection,
        }, intoKafka);
        var store = LakeOptions.Open(parse);
        using var client = RestOptions.CreateClient(parse, logger);
        await using ILiveSink sink = intoKafka ? new KafkaSink(LiveCommandOptions.Topic(parse), logger) : new LakeSink(store);
        var collector = new LiveCollector(client, store, sink, options, logger);
        using var stop = LiveCommandOptions.Stop(parse, cancellationToken);
        var metrics = LiveCommandOptions.WriteMetricsAsync(parse, collector.Stats, "live", stop.Token);
        await LiveStatusView.ShowAsync(collector.Stats, AnsiConsole.Profile.Capabilities.Interactive, logger,
            () => collector.RunAsync(parse.GetValue(Symbols)!, stop.Token)).ConfigureAwait(false);
        await metrics.ConfigureAwait(false);
        return cancellationToken.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    private static Uri ParseWsUrl(string text, string source, System.CommandLine.Parsing.ArgumentResult result)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss")
            return uri;
        result.AddError($"{source}: '{text}' is not a ws:// or wss:// URL.");
        return LiveOptions.DefaultWebSocketUrl;
    }
}
