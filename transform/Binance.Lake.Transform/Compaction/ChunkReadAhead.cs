using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;

namespace Binance.Lake.Transform.Compaction;

/// <summary>
/// Raw chunks read and decoded a few ahead of the one being consumed, on other threads, their batches handed
/// out in order. Decoding is most of compact's work; this puts it on the second core while the caller buckets
/// trades and writes days. A few chunks ahead, each holding at most a few batches, keep both busy and memory
/// flat whatever a chunk's size (a REST page or a month of archive).
/// </summary>
internal sealed class ChunkReadAhead(IObjectStore store, IRawChunkDecoder decoder)
{
    private const int ChunksAhead = 4;
    private const int BatchesAhead = 2;

    public async IAsyncEnumerable<IReadOnlyList<Trade>> ReadAsync(IEnumerable<string> keys, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new Queue<(ChannelReader<IReadOnlyList<Trade>> Batches, Task Decoding)>();
        try
        {
            foreach (var key in keys)
            {
                if (inFlight.Count == ChunksAhead)
                {
                    await foreach (var batch in inFlight.Dequeue().Batches.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                        yield return batch;
                }
                inFlight.Enqueue(Start(key, stop.Token));
            }
            while (inFlight.Count > 0)
            {
                await foreach (var batch in inFlight.Dequeue().Batches.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                    yield return batch;
            }
        }
        finally
        {
            // An early exit (a damaged chunk, cancellation) must not leave reads running against the store.
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(inFlight.Select(f => f.Decoding)).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    private (ChannelReader<IReadOnlyList<Trade>>, Task) Start(string key, CancellationToken cancellationToken)
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
        return (channel.Reader, decoding);
    }
}
