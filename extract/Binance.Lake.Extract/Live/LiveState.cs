using System.Text.Json;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;

namespace Binance.Lake.Extract.Live;

/// <summary>
/// Where a symbol's collection resumes, read from the lake itself. The collector hands a symbol's writes to the sink
/// in id order and each only after the one before is durable, so the chunks named in <c>live/</c> and <c>rest/</c>
/// cover every id from the first collected one to the newest the collector wrote: collection resumes at the end of
/// that run. A marker,
/// <c>_state/live/&lt;SYMBOL&gt;.json</c>, records that first id: a symbol never collected starts at the stream (its
/// history is the backfill's job), and one killed before its first write still resumes from where it began.
/// </summary>
public sealed class LiveState(IObjectStore store)
{
    public static string MarkerKey(string symbol) => $"_state/live/{symbol}.json";

    /// <summary>The id after which collection resumes, or null when the symbol was never collected into this lake.</summary>
    public async Task<long?> ResumeAfterAsync(string symbol, CancellationToken cancellationToken)
    {
        var marker = await store.GetAsync(MarkerKey(symbol), cancellationToken).ConfigureAwait(false);
        if (marker is null)
            return null;
        var firstId = JsonSerializer.Deserialize<Marker>(marker, JsonDefaults)?.FirstId
            ?? throw new InvalidDataException($"{store.Describe(MarkerKey(symbol))} is empty; delete it to collect {symbol} afresh.");
        var held = new IdRangeSet();
        foreach (var source in new[] { RawSource.Live, RawSource.Rest })
        {
            await foreach (var item in store.ListAsync(RawZone.SourcePrefix(symbol, source), cancellationToken).ConfigureAwait(false))
                if (RawZone.ParseChunkRange(item.Key) is { } range)
                    held.Add(range);
        }
        // The run of ids that starts at the first collected one: chunks beyond a hole (a later backfill's, say) do
        // not count, so the hole is repaired too.
        return held.Gaps(new IdRange(firstId, firstId)).Count == 0
            ? held.Ranges.First(r => r.Contains(firstId)).Last
            : firstId - 1;
    }

    /// <summary>Records the first id collected for a symbol; written before anything of it reaches the sink.</summary>
    public Task MarkStartAsync(string symbol, long firstId, CancellationToken cancellationToken) =>
        store.PutAsync(MarkerKey(symbol), JsonSerializer.SerializeToUtf8Bytes(new Marker(firstId, DateTimeOffset.UtcNow), JsonDefaults), cancellationToken);

    private static readonly JsonSerializerOptions JsonDefaults = new(JsonSerializerDefaults.Web);

    private sealed record Marker(long FirstId, DateTimeOffset StartedAt);
}
