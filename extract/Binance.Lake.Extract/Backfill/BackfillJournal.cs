using System.Text.Json;
using System.Text.Json.Serialization;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;

namespace Binance.Lake.Extract.Backfill;

/// <summary>
/// The durable progress of a backfill, kept in the lake itself. Two parts:
/// <list type="bullet">
/// <item>the plan, at <c>_state/backfill/&lt;SYMBOL&gt;/&lt;mode&gt;-n&lt;n&gt;.json</c>, written before the first chunk and
/// marked complete after the last, so a killed run resumes the same ids;</item>
/// <item>the raw chunks themselves: written atomically and named by id range, a chunk that exists is a
/// chunk that is done. Nothing can say "done" for data that is not there.</item>
/// </list>
/// Works the same on a folder and on S3 (no appends, no locks).
/// </summary>
public sealed class BackfillJournal(IObjectStore store)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string PlanKey(string symbol, string modeKey, int chunkLimit) =>
        $"_state/backfill/{symbol}/{modeKey}-n{chunkLimit}.json";

    /// <summary>The unfinished plan for this request, if a previous run was stopped before it completed.</summary>
    public async Task<BackfillPlan?> FindUnfinishedAsync(BackfillRequest request, CancellationToken cancellationToken)
    {
        var bytes = await store.GetAsync(PlanKey(request.Symbol, request.Mode.Key, request.ChunkLimit), cancellationToken).ConfigureAwait(false);
        if (bytes is null)
            return null;
        var entry = JsonSerializer.Deserialize<JournalEntry>(bytes, Json)
            ?? throw new InvalidDataException($"The backfill journal {store.Describe(PlanKey(request.Symbol, request.Mode.Key, request.ChunkLimit))} is empty; delete it to start afresh.");
        return entry.CompletedAt is null ? entry.Plan : null;
    }

    public Task StartAsync(BackfillPlan plan, CancellationToken cancellationToken) =>
        WriteAsync(new JournalEntry(plan, null), cancellationToken);

    public Task CompleteAsync(BackfillPlan plan, DateTimeOffset completedAt, CancellationToken cancellationToken) =>
        WriteAsync(new JournalEntry(plan, completedAt), cancellationToken);

    /// <summary>Which ids the raw zone already holds from REST for the symbol: the chunks that are done.</summary>
    public async Task<IdRangeSet> FetchedAsync(string symbol, CancellationToken cancellationToken)
    {
        var fetched = new IdRangeSet();
        await foreach (var item in store.ListAsync(RawZone.SourcePrefix(symbol, RawSource.Rest), cancellationToken).ConfigureAwait(false))
            if (RawZone.ParseChunkRange(item.Key) is { } range)
                fetched.Add(range);
        return fetched;
    }

    private Task WriteAsync(JournalEntry entry, CancellationToken cancellationToken) =>
        store.PutAsync(PlanKey(entry.Plan.Symbol, entry.Plan.Key, entry.Plan.ChunkLimit),
            JsonSerializer.SerializeToUtf8Bytes(entry, Json), cancellationToken);

    private sealed record JournalEntry(BackfillPlan Plan, DateTimeOffset? CompletedAt);
}
