using System.Runtime.CompilerServices;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;

namespace Binance.Lake.Transform.Compaction;

/// <summary>
/// Raw chunks fetched and decoded a few ahead of the one being consumed, on other threads, handed out in
/// order. Decoding JSON is most of compact's work; this puts it on the second core while the caller buckets
/// trades and writes days. A few chunks ahead keep both busy and memory flat.
/// </summary>
internal sealed class ChunkReadAhead(IObjectStore store, IRawChunkDecoder decoder)
{
    private const int Ahead = 4;

    public async IAsyncEnumerable<IReadOnlyList<Trade>> ReadAsync(IEnumerable<string> keys, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var inFlight = new Queue<Task<IReadOnlyList<Trade>>>();
        try
        {
            foreach (var key in keys)
            {
                if (inFlight.Count == Ahead)
                    yield return await inFlight.Dequeue().ConfigureAwait(false);
                inFlight.Enqueue(Task.Run(() => DecodeAsync(key, cancellationToken), cancellationToken));
            }
            while (inFlight.Count > 0)
                yield return await inFlight.Dequeue().ConfigureAwait(false);
        }
        finally
        {
            // An early exit (a damaged chunk, cancellation) must not leave reads running against the store.
            await Task.WhenAll(inFlight).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<Trade>> DecodeAsync(string key, CancellationToken cancellationToken)
    {
        var bytes = await store.GetAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Raw chunk {key} disappeared while compacting.");
        return decoder.Decode(key, bytes);
    }
}
