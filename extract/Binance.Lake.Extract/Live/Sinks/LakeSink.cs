using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Extract.RawFormats;
using Binance.Lake.Extract.Rest;

namespace Binance.Lake.Extract.Live.Sinks;

/// <summary>
/// The embedded sink: straight into the raw zone, <c>live/&lt;first&gt;-&lt;last&gt;.ndjson</c> for batches and
/// <c>rest/&lt;first&gt;-&lt;last&gt;.json</c> for repairs, each written atomically and named by its ids, so a rewrite
/// after a crash replaces a file with the same trades and compact picks both up like any raw file.
/// </summary>
public sealed class LakeSink(IObjectStore store) : ILiveSink
{
    public string Name => "lake";

    public Task WriteLiveAsync(LiveBatch batch, CancellationToken cancellationToken) =>
        store.PutAsync(RawZone.ChunkKey(batch.Symbol, RawSource.Live, batch.Ids, LiveChunkDecoder.Extension), batch.Content, cancellationToken);

    public Task WriteRestAsync(string symbol, TradePage page, CancellationToken cancellationToken) =>
        store.PutAsync(RawZone.ChunkKey(symbol, RawSource.Rest, page.Ids, RestChunkDecoder.Extension), page.Body, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
