using Binance.Lake.Extract.Rest;

namespace Binance.Lake.Extract.Live.Sinks;

/// <summary>
/// Where the collector's output goes. A write returns once it is durable there (a file renamed into place, a Kafka
/// delivery acknowledged by all in-sync replicas); the collector hands a symbol's writes over one at a time, in order.
/// </summary>
public interface ILiveSink : IAsyncDisposable
{
    /// <summary>Short name for logs and metrics: lake, kafka.</summary>
    string Name { get; }

    /// <summary>A batch of websocket trade messages, exactly as received.</summary>
    Task WriteLiveAsync(LiveBatch batch, CancellationToken cancellationToken);

    /// <summary>A <c>historicalTrades</c> page that repaired a gap, its body exactly as received.</summary>
    Task WriteRestAsync(string symbol, TradePage page, CancellationToken cancellationToken);
}
