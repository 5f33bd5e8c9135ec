using System.Collections.Concurrent;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.RawFormats;
using Binance.Lake.Extract.Rest;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Extract.Backfill;

/// <summary>
/// Fetches one chunk's ids that the raw zone does not hold yet and writes each response body exactly as
/// received, named by the ids it holds. Ids REST no longer serves are recorded, not invented.
/// </summary>
internal sealed class ChunkFetcher(BinanceRestClient client, IObjectStore store, IdRangeSet alreadyFetched, BackfillProgress progress, ILogger logger)
{
    private readonly ConcurrentQueue<IdRange> _notServed = new();

    public IReadOnlyCollection<IdRange> NotServed => _notServed;

    public async Task FetchAsync(string symbol, IdRange chunk, CancellationToken cancellationToken)
    {
        foreach (var gap in alreadyFetched.Gaps(chunk))
        {
            await foreach (var step in client.ReadRangeAsync(symbol, gap, cancellationToken).ConfigureAwait(false))
            {
                if (step.NotServed is { } lost)
                {
                    // The retention floor has passed these ids since the plan was made.
                    _notServed.Enqueue(lost);
                    logger.LogWarning("{Symbol}: Binance REST no longer serves trades {Range}; take them from the bulk archive", symbol, lost);
                    continue;
                }
                var page = step.Page!;
                await store.PutAsync(RawZone.ChunkKey(symbol, RawSource.Rest, page.Ids, RestChunkDecoder.Extension), page.Body, cancellationToken).ConfigureAwait(false);
                progress.FileWritten(page.Trades.Count);
            }
        }
        progress.ChunkDone();
    }
}
