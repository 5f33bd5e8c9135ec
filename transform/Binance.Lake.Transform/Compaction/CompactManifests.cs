using System.Globalization;
using System.Text.Json;
using Binance.Lake.Core.Storage;

namespace Binance.Lake.Transform.Compaction;

/// <summary>
/// Which raw files the table already holds. After a compact commits version v, it lists the raw keys it
/// consumed in <c>_state/compact/&lt;v&gt;.json</c>, created put-if-absent: only the writer of version v can
/// write that name, so a compact that lost a race can never claim files it did not commit. A crash between
/// the commit and the manifest only means the next run reads those raw files again, and every trade in them
/// is then a duplicate the partition already holds. Concurrent compacts are kept apart by the commit's
/// <c>txn</c> for <see cref="AppId"/>: the second one conflicts instead of adding the same trades.
/// </summary>
internal sealed class CompactManifests(IObjectStore store)
{
    public const string AppId = "binance-lake.compact";
    private const string Prefix = "_state/compact/";

    /// <summary>Every raw key consumed by a commit up to <paramref name="tableVersion"/>.</summary>
    public async Task<HashSet<string>> ConsumedAsync(long tableVersion, CancellationToken cancellationToken)
    {
        var consumed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in store.ListAsync(Prefix, cancellationToken).ConfigureAwait(false))
        {
            if (!long.TryParse(Path.GetFileNameWithoutExtension(item.Key), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                || version > tableVersion)
                continue;
            var keys = JsonSerializer.Deserialize<string[]>((await store.GetAsync(item.Key, cancellationToken).ConfigureAwait(false))!)
                ?? throw new InvalidDataException($"Compact manifest {store.Describe(item.Key)} is empty.");
            consumed.UnionWith(keys);
        }
        return consumed;
    }

    public Task WriteAsync(long committedVersion, IEnumerable<string> keys, CancellationToken cancellationToken) =>
        store.PutIfAbsentAsync($"{Prefix}{committedVersion:D20}.json", JsonSerializer.SerializeToUtf8Bytes(keys.ToArray()), cancellationToken);
}
