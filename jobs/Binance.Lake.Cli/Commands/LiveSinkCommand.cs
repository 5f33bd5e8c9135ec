using System.CommandLine;
using Binance.Lake.Cli.Options;
using Binance.Lake.Cli.Rendering;
using Binance.Lake.Extract.Live;
using Binance.Lake.Extract.Live.Sinks;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Binance.Lake.Cli.Commands;

/// <summary><c>binance-lake live-sink --from kafka</c>: the Kafka topic into the same raw chunks the embedded path writes.</summary>
internal static class LiveSinkCommand
{
    private static readonly Option<string> From = new Option<string>("--from")
    {
        Description = "Where the collector's batches are: 'kafka'.",
        HelpName = "kafka",
        Required = true,
    }.AcceptOnlyFromAmong("kafka");

    private static readonly Option<string> Group = new("--kafka-group")
    {
        Description = "Kafka consumer group; its committed offsets are where a restarted sink resumes.",
        HelpName = "GROUP",
        DefaultValueFactory = _ => KafkaSinkConsumer.DefaultGroup,
    };

    public static Command Create()
    {
        var command = new Command("live-sink", """
            Consume the trades `live --sink kafka` produces and write the same raw chunks `live --sink lake` writes:
            raw/binance-spot/<SYMBOL>/live/<first id>-<last id>.ndjson batched by size and age, and the REST repair pages
            as rest/ chunks. Offsets are committed only once the chunk holding their messages is durable, so a crash
            replays what the lake lacks; repeats are dropped by id (and by compact). Ctrl-C or SIGTERM writes the open
            batches, commits and stops. Exit codes: 0 stopped at --duration; 2 bad input; 5 failed; 130 stopped by
            Ctrl-C or SIGTERM.
            """)
        {
            From, LiveCommandOptions.KafkaBootstrap, LiveCommandOptions.KafkaTopicName, Group, LiveCommandOptions.KafkaSettings,
            LiveCommandOptions.BatchMaxTrades, LiveCommandOptions.BatchMaxAge, LiveCommandOptions.RunFor, LiveCommandOptions.MetricsFile,
        };
        command.Validators.Add(result => LiveCommandOptions.RequireKafkaBootstrap(result, "--from kafka"));
        command.SetGuardedAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, ILogger logger, CancellationToken cancellationToken)
    {
        var options = LiveCommandOptions.Batching(parse, new LiveOptions(), intoKafka: false);
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new CommandInputException(string.Join(" ", errors));
        await using var lake = new LakeSink(LakeOptions.Open(parse));
        var consumer = new KafkaSinkConsumer(LiveCommandOptions.Topic(parse), parse.GetValue(Group)!, lake, options, logger);
        using var stop = LiveCommandOptions.Stop(parse, cancellationToken);
        var metrics = LiveCommandOptions.WriteMetricsAsync(parse, consumer.Stats, "live-sink", stop.Token);
        await LiveStatusView.ShowAsync(consumer.Stats, AnsiConsole.Profile.Capabilities.Interactive, logger,
            () => consumer.RunAsync(stop.Token)).ConfigureAwait(false);
        await metrics.ConfigureAwait(false);
        return cancellationToken.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Ok;
    }
}
