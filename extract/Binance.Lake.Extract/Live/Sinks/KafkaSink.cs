using Binance.Lake.Extract.Rest;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Extract.Live.Sinks;

/// <summary>
/// Produces each batch to Kafka (<see cref="KafkaTopic"/>) with an idempotent producer and acks=all; a write returns
/// once every message of it is acknowledged. A failed write is retried whole, so delivery is at least once: the raw
/// zone's id-range names and compact's dedupe by id make the lake exactly-once.
/// </summary>
public sealed class KafkaSink : ILiveSink
{
    private readonly KafkaTopic _topic;
    private readonly IProducer<string, byte[]> _producer;

    public KafkaSink(KafkaTopic topic, ILogger logger)
    {
        _topic = topic;
        var config = topic.Configure(new ProducerConfig
        {
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            CompressionType = CompressionType.Lz4,
            QueueBufferingMaxMessages = 1_000_000,
        });
        _producer = new ProducerBuilder<string, byte[]>(config)
            .SetLogHandler((_, m) => logger.Log(m.Level <= SyslogLevel.Warning ? LogLevel.Warning : LogLevel.Debug, "kafka producer: {Message}", m.Message))
            .Build();
    }

    public string Name => "kafka";

    public async Task WriteLiveAsync(LiveBatch batch, CancellationToken cancellationToken)
    {
        var headers = KafkaTopic.Headers(KafkaTopic.LiveSource);
        var deliveries = new Deliveries(batch.Count);
        foreach (var message in batch.Messages())
            Produce(new Message<string, byte[]> { Key = batch.Symbol, Value = message.ToArray(), Headers = headers }, deliveries.Report, cancellationToken);
        await deliveries.All.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteRestAsync(string symbol, TradePage page, CancellationToken cancellationToken) =>
        await _producer.ProduceAsync(_topic.Topic,
            new Message<string, byte[]> { Key = symbol, Value = page.Body.ToArray(), Headers = KafkaTopic.Headers(KafkaTopic.RestSource) },
            cancellationToken).ConfigureAwait(false);

    private void Produce(Message<string, byte[]> message, Action<DeliveryReport<string, byte[]>> report, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                _producer.Produce(_topic.Topic, message, report);
                return;
            }
            catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // The local queue is full: let deliveries drain it rather than fail the batch.
                cancellationToken.ThrowIfCancellationRequested();
                _producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Completes when every message of a batch is acknowledged, or fails with the first delivery error.</summary>
    private sealed class Deliveries(int count)
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _pending = count;

        public Task All => _all.Task;

        public void Report(DeliveryReport<string, byte[]> report)
        {
            if (report.Error.IsError)
                _all.TrySetException(new KafkaException(report.Error));
            else if (Interlocked.Decrement(ref _pending) == 0)
                _all.TrySetResult();
        }
    }
}
