using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;

namespace Binance.Lake.Transform.Compaction;

/// <summary>
/// Raw chunks read and decoded ahead of the one being consumed, on other threads, their batches handed out in
/// order. Decoding is most of compact's work; this keeps the second core decoding while the caller buckets
/// trades: the look-ahead is measured in bytes (4 MB: about thirty REST pages; an archive zip, bigger than
/// that, goes alone and streams its batches), not in chunks. After a chunk's last batch comes an empty one marked <see cref="RawBatch.EndOfChunk"/>, so the
/// caller knows which raw files it has read whole.
/// </summary>
internal sealed class ChunkReadAhead(IObjectStore store, IRawChunkDecoder decoder)
{
    private const long BytesAhead = 4L << 20;
    private const int BatchesAhead = 16;

    public async IAsyncEnumerable<RawBatch> ReadAsync(IEnumerable<(string Key, long Size)> chunks, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new Queue<(string Key, long Size, ChannelReader<IReadOnlyList<Trade>> Batches, Task Decoding)>();
        var inFlightBytes = 0L;
        try
        {
            foreach (var (key, size) in chunks)
            {
                while (inFlight.Count > 0 && inFlightBytes + size > BytesAhead)
                {
                    // Peeked, not dequeued, until drained: an early exit must still wait for its decoding.
                    var done = inFlight.Peek();
                    await foreach (var batch in DrainAsync(done, cancellationToken).ConfigureAwait(false))
                        yield return batch;
                    inFlight.Dequeue();
                    inFlightBytes -= done.Size;
                }
                inFlight.Enqueue(Start(key, size, stop.Token));
                inFlightBytes += size;
            }
            while (inFlight.Count > 0)
            {
                await foreach (var batch in DrainAsync(inFlight.Peek(), cancellationToken).ConfigureAwait(false))
                    yield return batch;
                inFlight.Dequeue();
            }
        }
        finally
        {
            // An early exit (a damaged chunk, cancellation) must not leave reads running against the store.
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(inFlight.Select(f => f.Decoding)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async IAsyncEnumerable<RawBatch> DrainAsync((string Key, long Size, ChannelReader<IReadOnlyList<Trade>> Batches, Task Decoding) chunk,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var batch in chunk.Batches.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            yield return new RawBatch(chunk.Key, batch, EndOfChunk: false);
        yield return new RawBatch(chunk.Key, [], EndOfChunk: true);
    }

    private (string, long, ChannelReader<IReadOnlyList<Trade>>, Task) Start(string key, long size, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<IReadOnlyList<Trade>>(new BoundedChannelOptions(BatchesAhead) { SingleReader = true, SingleWriter = true });
        var decoding = Task.Run(async () =>
        {
            try
            {
                await using var content = await store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidDataException($"Raw chunk {key} disappeared while compacting.");
                foreach (var batch in decoder.Decode(key, content))
                    await channel.Writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                // The reader rethrows it when it reaches this chunk, in order.
                channel.Writer.Complete(e);
            }
        }, CancellationToken.None);
        return (key, size, channel.Reader, decoding);
    }
}

/// <summary>Trades of one raw chunk, in id order; the empty batch after a chunk's last says it was read whole.</summary>
internal readonly record struct RawBatch(string Key, IReadOnlyList<Trade> Trades, bool EndOfChunk);
