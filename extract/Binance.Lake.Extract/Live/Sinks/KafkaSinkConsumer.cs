using System.Diagnostics;
using Binance.Lake.Extract.Rest;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Extract.Live.Sinks;

/// <summary>
/// <c>live-sink --from kafka</c>: consumes the topic the collector's <see cref="KafkaSink"/> fills and writes the same
/// raw chunks the embedded path writes, through <paramref name="target"/>: live messages batched per symbol by size and
/// age, REST repair pages as they come (after the symbol's open batch, so a symbol's files land in id order).
/// A partition's offset is committed only up to the first message not yet durable in the lake: a crash replays the
/// rest, and the id-range names and compact's dedupe absorb the repeats.
/// </summary>
public sealed class KafkaSinkConsumer(KafkaTopic topic, string groupId, ILiveSink target, LiveOptions options, ILogger logger)
{
    public const string DefaultGroup = "binance-lake-live-sink";

    private readonly Dictionary<string, OpenBatch> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastId = new(StringComparer.Ordinal);
    private readonly Dictionary<TopicPartition, long> _consumed = [];
    private readonly Dictionary<TopicPartition, long> _committed = [];

    public LiveStats Stats { get; } = new();

    /// <summary>Consumes until <paramref name="stop"/> fires, then writes the open batches and commits before returning.</summary>
    public Task RunAsync(CancellationToken stop) => Task.Factory.StartNew(() => Run(stop), CancellationToken.None,
        TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task Run(CancellationToken stop)
    {
        var config = topic.Configure(new ConsumerConfig
        {
            GroupId = groupId,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        });
        using var consumer = new ConsumerBuilder<string, byte[]>(config)
            .SetLogHandler((_, m) => logger.Log(m.Level <= SyslogLevel.Warning ? LogLevel.Warning : LogLevel.Debug, "kafka consumer: {Message}", m.Message))
            .SetPartitionsRevokedHandler((c, revoked) => Revoked(c, revoked))
            .Build();
        consumer.Subscribe(topic.Topic);
        logger.LogInformation("Consuming {Topic} as group {Group} into the {Sink} sink", topic.Topic, groupId, target.Name);
        var maxAge = (long)(options.BatchMaxAge.TotalSeconds * Stopwatch.Frequency);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                ConsumeResult<string, byte[]>? result;
                try
                {
                    result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                }
                catch (ConsumeException e) when (!e.Error.IsFatal)
                {
                    // A topic not created yet, a broker restarting: the consumer recovers by itself; say so and go on.
                    logger.LogWarning("kafka consumer: {Reason}", e.Error.Reason);
                    continue;
                }
                if (result is not null)
                    await TakeAsync(consumer, result, stop).ConfigureAwait(false);
                var openedBy = Stopwatch.GetTimestamp() - maxAge;
                foreach (var symbol in _open.Where(o => o.Value.Batch.OpenedAt <= openedBy).Select(o => o.Key).ToList())
                    await FlushAsync(consumer, symbol, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: the open batches are written below.
        }
        using var drain = new CancellationTokenSource(options.DrainTimeout);
        await FlushAll(consumer, drain.Token).ConfigureAwait(false);
        consumer.Close();
    }

    private async Task TakeAsync(IConsumer<string, byte[]> consumer, ConsumeResult<string, byte[]> result, CancellationToken cancellationToken)
    {
        var symbol = result.Message.Key;
        var value = result.Message.Value;
        _consumed[result.TopicPartition] = result.Offset.Value + 1;
        switch (KafkaTopic.Source(result.Message.Headers))
        {
            case KafkaTopic.RestSource:
                await FlushAsync(consumer, symbol, cancellationToken).ConfigureAwait(false);
                var page = TradePageParser.Parse(value);
                await Persist(() => target.WriteRestAsync(symbol, page, cancellationToken), symbol, cancellationToken).ConfigureAwait(false);
                Stats.For(symbol).RepairedTrades(page.Trades.Count);
                Commit(consumer);
                return;
            case KafkaTopic.LiveSource:
                var message = StreamMessage.Parse(value);
                Stats.Received();
                if (message.Kind != StreamMessageKind.Trade)
                {
                    Stats.Rejected();
                    return;
                }
                var stats = Stats.For(symbol);
                if (_lastId.TryGetValue(symbol, out var last) && message.Id <= last)
                {
                    stats.Duplicate(); // the collector's at-least-once delivery: a batch retried or sent again after a restart
                    return;
                }
                _lastId[symbol] = message.Id;
                if (!_open.TryGetValue(symbol, out var open))
                    _open[symbol] = open = new OpenBatch(new LiveBatch(symbol, Math.Min(options.BatchMaxTrades, 4096)), []);
                open.Batch.Add(value, message.Id, Stopwatch.GetTimestamp());
                open.FirstOffsets.TryAdd(result.TopicPartition, result.Offset.Value);
                stats.Took(message.Id, TimeUnits.ToMicros(DateTimeOffset.UtcNow) - TimeUnits.ToMicros(message.EventTime));
                if (open.Batch.Count >= options.BatchMaxTrades)
                    await FlushAsync(consumer, symbol, cancellationToken).ConfigureAwait(false);
                return;
            default:
                Stats.Rejected();
                logger.LogWarning("Skipping offset {Offset} of {Partition}: no '{Header}' header of {Live} or {Rest}; not written by the collector",
                    result.Offset.Value, result.TopicPartition, KafkaTopic.SourceHeader, KafkaTopic.LiveSource, KafkaTopic.RestSource);
                return;
        }
    }

    private async Task FlushAsync(IConsumer<string, byte[]> consumer, string symbol, CancellationToken cancellationToken)
    {
        if (!_open.Remove(symbol, out var open))
            return;
        await Persist(() => target.WriteLiveAsync(open.Batch, cancellationToken), symbol, cancellationToken).ConfigureAwait(false);
        Stats.DurableLatency.Observe(open.Batch.ReceivedAt, Stopwatch.GetTimestamp());
        Stats.For(symbol).BatchWritten();
        open.Batch.Dispose();
        Commit(consumer);
    }

    private async Task FlushAll(IConsumer<string, byte[]> consumer, CancellationToken cancellationToken)
    {
        foreach (var symbol in _open.Keys.ToList())
            await FlushAsync(consumer, symbol, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Before a rebalance takes partitions away: everything consumed from them is made durable and committed.</summary>
    private void Revoked(IConsumer<string, byte[]> consumer, List<TopicPartitionOffset> revoked)
    {
        FlushAll(consumer, CancellationToken.None).GetAwaiter().GetResult();
        foreach (var partition in revoked)
        {
            _consumed.Remove(partition.TopicPartition);
            _committed.Remove(partition.TopicPartition);
        }
    }

    private Task Persist(Func<Task> write, string symbol, CancellationToken cancellationToken) =>
        Persistently.RunAsync(write, options, (e, delay) =>
        {
            Stats.For(symbol).SinkFailed();
            logger.LogWarning(e, "{Symbol}: writing to the {Sink} sink failed ({Message}); retrying in {Delay:0.#} s", symbol, target.Name, e.Message, delay.TotalSeconds);
        }, cancellationToken);

    /// <summary>Commits each partition up to its first message still in an open batch, or all it consumed.</summary>
    private void Commit(IConsumer<string, byte[]> consumer)
    {
        var offsets = new List<TopicPartitionOffset>();
        foreach (var (partition, consumed) in _consumed)
        {
            var durable = consumed;
            foreach (var open in _open.Values)
                if (open.FirstOffsets.TryGetValue(partition, out var first))
                    durable = Math.Min(durable, first);
            if (!_committed.TryGetValue(partition, out var committed) || durable > committed)
            {
                offsets.Add(new TopicPartitionOffset(partition, durable));
                _committed[partition] = durable;
            }
        }
        if (offsets.Count > 0)
            consumer.Commit(offsets);
    }

    /// <summary>A symbol's open batch and, per partition, the offset of its first message there.</summary>
    private sealed record OpenBatch(LiveBatch Batch, Dictionary<TopicPartition, long> FirstOffsets);
}
