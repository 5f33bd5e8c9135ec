using Confluent.Kafka;

namespace Binance.Lake.Extract.Live.Sinks;

/// <summary>
/// The Kafka side of the live path: topic <c>binance.spot.trades</c> by default, key = symbol (so one symbol's messages
/// keep their order in one partition), value = bytes exactly as received from Binance, and a <c>source</c> header:
/// <c>live</c> for one websocket trade message, <c>rest</c> for one <c>historicalTrades</c> page that repaired a gap.
/// </summary>
public sealed record KafkaTopic(string BootstrapServers, string Topic = KafkaTopic.DefaultTopic)
{
    public const string DefaultTopic = "binance.spot.trades";
    public const string SourceHeader = "source";
    public const string LiveSource = "live";
    public const string RestSource = "rest";

    /// <summary>Extra librdkafka settings (security, a mock cluster for tests); they override the defaults.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    internal T Configure<T>(T config) where T : ClientConfig
    {
        config.BootstrapServers = BootstrapServers;
        foreach (var (name, value) in Settings)
            config.Set(name, value);
        return config;
    }

    internal static Headers Headers(string source) => new() { { SourceHeader, System.Text.Encoding.ASCII.GetBytes(source) } };

    internal static string? Source(Headers? headers) =>
        headers is not null && headers.TryGetLastBytes(SourceHeader, out var value) ? System.Text.Encoding.ASCII.GetString(value) : null;
}
