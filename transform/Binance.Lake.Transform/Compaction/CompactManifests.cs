using System.Globalization;
using System.Text.Json;
using Binance.Lake.Core.Storage;

namespace Binance.Lake.Transform.Compaction;

/// <summary>
/// Which raw files the table already holds. Each compact commit carries a <c>txn</c> for
/// <see cref="AppId"/> whose version is a sequence number n, and the raw keys it consumed are listed in
/// <c>_state/compact/&lt;n&gt;.json</c>, written just before the commit. A manifest whose number is above
/// the table's txn version belongs to a run that never committed, and is ignored (the next run reuses
/// its number). The txn lives in checkpoints, so this stays exact however old the table is.
/// </summary>
internal sealed class CompactManifests(IObjectStore store)
{
    public const string AppId = "binance-lake.compact";
    private const string Prefix = "_state/compact/";

    public async Task<HashSet<string>> ConsumedAsync(long committedSequence, CancellationToken cancellationToken)
    {
        var consumed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in store.ListAsync(Prefix, cancellationToken).ConfigureAwait(false))
        {
            if (!long.TryParse(Path.GetFileNameWithoutExtension(item.Key), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                || sequence > committedSequence)
                continue;
            var keys = JsonSerializer.Deserialize<string[]>((await store.GetAsync(item.Key, cancellationToken).ConfigureAwait(false))!)
                ?? throw new InvalidDataException($"Compact manifest {store.Describe(item.Key)} is empty.");
            consumed.UnionWith(keys);
        }
        return consumed;
    }

    public Task WriteAsync(long sequence, IEnumerable<string> keys, CancellationToken cancellationToken) =>
        store.PutAsync($"{Prefix}{sequence:D20}.json", JsonSerializer.SerializeToUtf8Bytes(keys.ToArray()), cancellationToken);
}
