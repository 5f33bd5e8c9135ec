using System.CommandLine;
using System.CommandLine.Parsing;
using Binance.Lake.Extract.Live;
using Binance.Lake.Extract.Live.Sinks;
using Binance.Lake.Simulator.Cli;

namespace Binance.Lake.Cli.Options;

/// <summary>Options of <c>live</c> and <c>live-sink</c>: batching, run length, metrics, Kafka.</summary>
internal static class LiveCommandOptions
{
    public static readonly Option<int?> BatchMaxTrades = new("--batch-max-trades")
    {
        Description = "Close a batch (one raw chunk, or one Kafka write) at this many trades. Default 50000 into the lake, 1000 into Kafka.",
        HelpName = "N",
    };

    public static readonly Option<TimeSpan?> BatchMaxAge = Duration("--batch-max-age",
        "Close a batch this long after its first trade arrived, e.g. 60s, 500ms. Default 60s into the lake, 100ms into Kafka.");

    public static readonly Option<TimeSpan?> RunFor = Duration("--duration",
        "Stop (gracefully, writing the open batches) after this long, e.g. 10m; default: until Ctrl-C or SIGTERM.");

    public static readonly Option<FileInfo?> MetricsFile = new("--metrics-file")
    {
        Description = "Write Prometheus metrics (text format) to this file every 5 s, replacing it atomically: for node_exporter's textfile collector or any reader.",
        HelpName = "PATH",
    };

    public static readonly Option<string?> KafkaBootstrap = new("--kafka-bootstrap")
    {
        Description = "Kafka bootstrap servers (host:port,...). Env KAFKA_BOOTSTRAP_SERVERS.",
        HelpName = "SERVERS",
        DefaultValueFactory = _ => EnvironmentDefaults.String("KAFKA_BOOTSTRAP_SERVERS"),
    };

    public static readonly Option<string> KafkaTopicName = new("--kafka-topic")
    {
        Description = "Kafka topic of the trades; key = symbol, value = the message exactly as received, header 'source' = live|rest.",
        HelpName = "TOPIC",
        DefaultValueFactory = _ => KafkaTopic.DefaultTopic,
    };

    public static readonly Option<string[]> KafkaSettings = new("--kafka-setting")
    {
        Description = "An extra librdkafka setting NAME=VALUE (security.protocol, sasl.*, ...); repeatable. Overrides the defaults.",
        HelpName = "NAME=VALUE",
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result =>
        {
            foreach (var token in result.Tokens.Where(t => !t.Value.Contains('=')))
                result.AddError($"--kafka-setting: '{token.Value}' is not NAME=VALUE.");
            return result.Tokens.Select(t => t.Value).ToArray();
        },
    };

    public static Option<TimeSpan?> Duration(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "DURATION",
        CustomParser = result =>
        {
            if (DurationParser.TryParse(result.Tokens.Single().Value, out var duration, out var error))
                return duration;
            result.AddError($"{name}: {error}");
            return null;
        },
    };

    public static KafkaTopic Topic(ParseResult parse) => new(parse.GetValue(KafkaBootstrap)!, parse.GetValue(KafkaTopicName)!)
    {
        Settings = (parse.GetValue(KafkaSettings) ?? []).Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => p[1]),
    };

    public static void RequireKafkaBootstrap(CommandResult result, string when)
    {
        if (string.IsNullOrEmpty(result.GetValue(KafkaBootstrap)))
            result.AddError($"{when} needs --kafka-bootstrap (or KAFKA_BOOTSTRAP_SERVERS).");
    }

    /// <summary>Batching as given, else the defaults for where the batches go.</summary>
    public static LiveOptions Batching(ParseResult parse, LiveOptions options, bool intoKafka) => options with
    {
        BatchMaxTrades = parse.GetValue(BatchMaxTrades) ?? (intoKafka ? 1000 : options.BatchMaxTrades),
        BatchMaxAge = parse.GetValue(BatchMaxAge) ?? (intoKafka ? TimeSpan.FromMilliseconds(100) : options.BatchMaxAge),
    };

    /// <summary>The token a run stops on: Ctrl-C, SIGTERM, or the end of <c>--duration</c>.</summary>
    public static CancellationTokenSource Stop(ParseResult parse, CancellationToken interrupted)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(interrupted);
        if (parse.GetValue(RunFor) is { } duration)
            stop.CancelAfter(duration);
        return stop;
    }

    /// <summary>Writes the metrics file until <paramref name="stop"/>, when <c>--metrics-file</c> is given.</summary>
    public static Task WriteMetricsAsync(ParseResult parse, LiveStats stats, string process, CancellationToken stop) =>
        parse.GetValue(MetricsFile) is { } file
            ? PrometheusMetrics.WritePeriodicallyAsync(file.FullName, TimeSpan.FromSeconds(5), stats, process, stop)
            : Task.CompletedTask;
}
