using System.Text.RegularExpressions;
using Confluent.Kafka;

namespace Binance.Lake.Tests.Support;

/// <summary>
/// librdkafka's in-memory Kafka cluster (<c>test.mock.num.brokers</c>), started inside a client of this process: no
/// broker can be installed here. It lives as long as this object; other clients reach it at <see cref="BootstrapServers"/>.
/// </summary>
public sealed partial class KafkaMockCluster : IDisposable
{
    private readonly IProducer<Null, Null> _host;

    private KafkaMockCluster(IProducer<Null, Null> host, string bootstrapServers)
    {
        _host = host;
        BootstrapServers = bootstrapServers;
    }

    public string BootstrapServers { get; }

    public static KafkaMockCluster Start()
    {
        var address = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var config = new ProducerConfig { BootstrapServers = "mock" };
        config.Set("test.mock.num.brokers", "1");
        var host = new ProducerBuilder<Null, Null>(config)
            .SetLogHandler((_, m) =>
            {
                if (Replaced().Match(m.Message) is { Success: true } match)
                    address.TrySetResult(match.Groups[1].Value);
            })
            .Build();
        if (!address.Task.Wait(TimeSpan.FromSeconds(10)))
        {
            host.Dispose();
            throw new InvalidOperationException("librdkafka did not report the mock cluster's address within 10 s.");
        }
        return new KafkaMockCluster(host, address.Task.Result);
    }

    [GeneratedRegex(@"replaced with ([0-9.:,]+)")]
    private static partial Regex Replaced();

    public void Dispose() => _host.Dispose();
}
