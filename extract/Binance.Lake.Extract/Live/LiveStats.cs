using System.Collections.Concurrent;
using System.Diagnostics;

namespace Binance.Lake.Extract.Live;

/// <summary>Counters of one collector (or sink consumer), safe to read from any thread while it runs.</summary>
public sealed class LiveStats
{
    private long _connections, _reconnects, _rollovers, _stalls, _connectFailures, _messages, _invalid, _shutdownNotices;

    public ConcurrentDictionary<string, SymbolStats> Symbols { get; } = new(StringComparer.Ordinal);

    /// <summary>Receive-to-durable latency of every trade message that reached the sink.</summary>
    public LatencyHistogram DurableLatency { get; } = new();

    public long Connections => Interlocked.Read(ref _connections);
    public long Reconnects => Interlocked.Read(ref _reconnects);
    public long Rollovers => Interlocked.Read(ref _rollovers);
    public long Stalls => Interlocked.Read(ref _stalls);
    public long ConnectFailures => Interlocked.Read(ref _connectFailures);

    /// <summary>Every websocket message received, of any kind.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Messages that could not be kept (not JSON, a trade lacking a field, another symbol's trade); their ids are repaired from REST.</summary>
    public long Invalid => Interlocked.Read(ref _invalid);

    public long ShutdownNotices => Interlocked.Read(ref _shutdownNotices);

    public SymbolStats For(string symbol) => Symbols.GetOrAdd(symbol, s => new SymbolStats(s));

    internal void Connected(bool reconnect)
    {
        Interlocked.Increment(ref _connections);
        if (reconnect)
            Interlocked.Increment(ref _reconnects);
    }

    internal void RolledOver() => Interlocked.Increment(ref _rollovers);
    internal void Stalled() => Interlocked.Increment(ref _stalls);
    internal void ConnectFailed() => Interlocked.Increment(ref _connectFailures);
    internal void Received() => Interlocked.Increment(ref _messages);
    internal void Rejected() => Interlocked.Increment(ref _invalid);
    internal void ShutdownNoticed() => Interlocked.Increment(ref _shutdownNotices);
}

/// <summary>One symbol's counters.</summary>
public sealed class SymbolStats(string symbol)
{
    private long _trades, _duplicates, _gaps, _repaired, _notServed, _batches, _lastId = -1, _lagMicros, _sinkFailures;

    public string Symbol { get; } = symbol;

    /// <summary>Trades taken from the stream (each id once).</summary>
    public long Trades => Interlocked.Read(ref _trades);

    /// <summary>Messages whose id was already taken: repeats, connection overlaps, ids a repair already covered.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Gaps => Interlocked.Read(ref _gaps);

    /// <summary>Trades written from REST to fill gaps.</summary>
    public long Repaired => Interlocked.Read(ref _repaired);

    /// <summary>Ids of gaps that REST no longer serves (retention floor); the bulk archive has them.</summary>
    public long NotServed => Interlocked.Read(ref _notServed);

    public long BatchesWritten => Interlocked.Read(ref _batches);

    public long SinkFailures => Interlocked.Read(ref _sinkFailures);

    public long LastId => Interlocked.Read(ref _lastId);

    /// <summary>How far behind the exchange the last trade message arrived: receive time (in the exchange's clock) minus its event time.</summary>
    public TimeSpan Lag => TimeSpan.FromTicks(Interlocked.Read(ref _lagMicros) * 10);

    /// <summary>Called under the symbol's lock, by one thread at a time: plain writes, no locked instructions per message.</summary>
    internal void Took(long id, long lagMicros)
    {
        Volatile.Write(ref _trades, _trades + 1);
        Volatile.Write(ref _lastId, id);
        Volatile.Write(ref _lagMicros, lagMicros);
    }

    internal void Duplicate() => Interlocked.Increment(ref _duplicates);
    internal void Gap() => Interlocked.Increment(ref _gaps);
    internal void RepairedTrades(long count) => Interlocked.Add(ref _repaired, count);
    internal void NotServedTrades(long count) => Interlocked.Add(ref _notServed, count);
    internal void BatchWritten() => Interlocked.Increment(ref _batches);
    internal void SinkFailed() => Interlocked.Increment(ref _sinkFailures);
}

/// <summary>
/// Counts of latencies in buckets that grow by a tenth from 0.1 ms to about 20 minutes: p50/p99 within 10%, fixed
/// in size, and the shape Prometheus histograms take.
/// </summary>
public sealed class LatencyHistogram
{
    private static readonly double[] Bounds = Enumerable.Range(0, 170).Select(i => 0.0001 * Math.Pow(1.1, i)).ToArray();
    private readonly long[] _counts = new long[Bounds.Length + 1];
    private long _count;
    private double _sum;
    private readonly Lock _sumLock = new();

    /// <summary>Upper bounds in seconds, ascending; the last bucket (+Inf) has none.</summary>
    public static IReadOnlyList<double> UpperBounds => Bounds;

    public long Count => Interlocked.Read(ref _count);

    public double SumSeconds
    {
        get { lock (_sumLock) return _sum; }
    }

    /// <summary>Records that every arrival in <paramref name="receivedAt"/> became durable at <paramref name="durableAt"/> (Stopwatch timestamps).</summary>
    public void Observe(ReadOnlySpan<long> receivedAt, long durableAt)
    {
        var sum = 0.0;
        foreach (var arrival in receivedAt)
        {
            var seconds = (double)(durableAt - arrival) / Stopwatch.Frequency;
            sum += seconds;
            var bucket = Array.BinarySearch(Bounds, seconds);
            Interlocked.Increment(ref _counts[bucket < 0 ? ~bucket : bucket]);
        }
        Interlocked.Add(ref _count, receivedAt.Length);
        lock (_sumLock)
            _sum += sum;
    }

    /// <summary>Cumulative counts per upper bound, the last one for +Inf.</summary>
    public long[] Cumulative()
    {
        var cumulative = new long[_counts.Length];
        long running = 0;
        for (var i = 0; i < _counts.Length; i++)
            cumulative[i] = running += Interlocked.Read(ref _counts[i]);
        return cumulative;
    }

    /// <summary>The upper bound of the bucket holding quantile <paramref name="q"/>, in seconds; NaN when empty.</summary>
    public double Quantile(double q)
    {
        var cumulative = Cumulative();
        var total = cumulative[^1];
        if (total == 0)
            return double.NaN;
        var rank = (long)Math.Ceiling(q * total);
        var index = Array.FindIndex(cumulative, c => c >= rank);
        return index < Bounds.Length ? Bounds[index] : double.PositiveInfinity;
    }
}
