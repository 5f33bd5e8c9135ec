using System.Threading.Channels;

namespace Binance.Lake.Extract.Backfill;

/// <summary>
/// The brief's scheme, in process: the queue is seeded with x chunk numbers (0..x-1), and each finished
/// chunk k enqueues k + x, so chunk k+x starts n·x ids further on, until the plan's last chunk.
/// The x workers thus walk interleaved stripes of the range, always close to each other.
/// </summary>
internal sealed class ChunkQueue
{
    private readonly Channel<long> _channel = Channel.CreateUnbounded<long>();
    private readonly long _count;
    private readonly int _stride;
    private long _finished;

    public ChunkQueue(long chunkCount, int concurrency)
    {
        _count = chunkCount;
        _stride = concurrency;
        for (long k = 0; k < Math.Min(concurrency, chunkCount); k++)
            _channel.Writer.TryWrite(k);
        if (chunkCount == 0)
            _channel.Writer.Complete();
    }

    public IAsyncEnumerable<long> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);

    public void Finish(long chunk)
    {
        if (chunk + _stride < _count)
            _channel.Writer.TryWrite(chunk + _stride);
        if (Interlocked.Increment(ref _finished) == _count)
            _channel.Writer.Complete();
    }
}
