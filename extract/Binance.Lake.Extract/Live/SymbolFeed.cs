using System.Diagnostics;
using System.Threading.Channels;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.Live.Sinks;
using Binance.Lake.Extract.Rest;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Extract.Live;

/// <summary>
/// One symbol's trades: the continuity check (each id once, in order; a jump is a gap), the open batch, and a
/// worker that hands the symbol's work to the sink strictly in order: the start marker, REST repairs of gaps, batches.
/// Because a batch is written only after every gap before its last id is durable, the newest id in the lake is a
/// safe point to resume from after any crash (<see cref="LiveState"/>).
/// </summary>
internal sealed class SymbolFeed
{
    private readonly Lock _lock = new();
    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _symbol;
    private readonly LiveOptions _options;
    private readonly FeedServices _services;
    private readonly SymbolStats _stats;
    private LiveBatch? _batch;
    private bool _any;
    private long _lastId;

    public SymbolFeed(string symbol, long? resumeAfter, LiveOptions options, FeedServices services)
    {
        _symbol = symbol;
        _options = options;
        _services = services;
        _stats = services.Stats.For(symbol);
        _any = resumeAfter is not null;
        _lastId = resumeAfter ?? -1;
    }

    public string Symbol => _symbol;

    /// <summary>One trade message as received; called by every connection that carries the symbol, so under a lock.</summary>
    public void Take(ReadOnlySpan<byte> message, in StreamMessage trade, long receivedAt, long lagMicros)
    {
        lock (_lock)
        {
            if (_any && trade.Id <= _lastId)
            {
                _stats.Duplicate();
                return;
            }
            if (!_any)
                _work.Writer.TryWrite(new Work.Start(trade.Id));
            else if (trade.Id > _lastId + 1)
            {
                _stats.Gap();
                _work.Writer.TryWrite(new Work.Repair(new IdRange(_lastId + 1, trade.Id - 1)));
            }
            _any = true;
            _lastId = trade.Id;
            _batch ??= new LiveBatch(_symbol, Math.Min(_options.BatchMaxTrades, 4096));
            _batch.Add(message, trade.Id, receivedAt);
            _stats.Took(trade.Id, lagMicros);
            if (_batch.Count >= _options.BatchMaxTrades)
                CloseBatch();
        }
    }

    /// <summary>Closes the open batch if its first trade arrived at or before <paramref name="openedBy"/> (a Stopwatch timestamp).</summary>
    public void CloseIfOpenedBy(long openedBy)
    {
        lock (_lock)
        {
            if (_batch is { Count: > 0 } batch && batch.OpenedAt <= openedBy)
                CloseBatch();
        }
    }

    /// <summary>No more trades: the open batch goes to the sink and the worker ends once the sink has everything.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            if (_batch is { Count: > 0 })
                CloseBatch();
            _work.Writer.TryComplete();
        }
    }

    private void CloseBatch()
    {
        _work.Writer.TryWrite(new Work.Write(_batch!));
        _batch = null;
    }

    /// <summary>Hands the work to the sink in order, each item retried until it is durable or <paramref name="abandon"/> fires.</summary>
    public async Task RunAsync(CancellationToken abandon)
    {
        await foreach (var work in _work.Reader.ReadAllAsync(abandon).ConfigureAwait(false))
        {
            await Persistently.RunAsync(() => DoAsync(work, abandon), _options, (e, delay) =>
            {
                _stats.SinkFailed();
                _services.Logger.LogWarning(e, "{Symbol}: {Work} failed ({Message}); retrying in {Delay:0.#} s", _symbol, work, e.Message, delay.TotalSeconds);
            }, abandon).ConfigureAwait(false);
        }
    }

    private async Task DoAsync(Work work, CancellationToken cancellationToken)
    {
        switch (work)
        {
            case Work.Start start:
                await _services.State.MarkStartAsync(_symbol, start.FirstId, cancellationToken).ConfigureAwait(false);
                break;
            case Work.Repair repair:
                await RepairAsync(repair.Gap, cancellationToken).ConfigureAwait(false);
                break;
            case Work.Write write:
                await _services.Sink.WriteLiveAsync(write.Batch, cancellationToken).ConfigureAwait(false);
                _services.Stats.DurableLatency.Observe(write.Batch.ReceivedAt, Stopwatch.GetTimestamp());
                _stats.BatchWritten();
                write.Batch.Dispose();
                break;
        }
    }

    private async Task RepairAsync(IdRange gap, CancellationToken cancellationToken)
    {
        _services.Logger.LogInformation("{Symbol}: repairing trades {Gap} ({Count} ids) from REST", _symbol, gap, gap.Count);
        await foreach (var step in _services.Rest.ReadRangeAsync(_symbol, gap, cancellationToken).ConfigureAwait(false))
        {
            if (step.NotServed is { } lost)
            {
                _stats.NotServedTrades(lost.Count);
                _services.Logger.LogWarning("{Symbol}: Binance REST no longer serves trades {Range}; take them from the bulk archive", _symbol, lost);
                continue;
            }
            await _services.Sink.WriteRestAsync(_symbol, step.Page!, cancellationToken).ConfigureAwait(false);
            _stats.RepairedTrades(step.Page!.Trades.Count);
        }
    }

    private abstract record Work
    {
        public sealed record Start(long FirstId) : Work;

        public sealed record Repair(IdRange Gap) : Work;

        public sealed record Write(LiveBatch Batch) : Work
        {
            public override string ToString() => $"writing trades {Batch.Ids} ({Batch.Count} messages)";
        }
    }
}

/// <summary>What every feed of a collector shares.</summary>
internal sealed record FeedServices(BinanceRestClient Rest, ILiveSink Sink, LiveState State, LiveStats Stats, ILogger Logger);
