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
/// Each manifest names its table (the Delta metadata id): a table deleted and built again starts at version 0,
/// and must neither count the old table's manifests nor be kept from writing its own by them.
/// </summary>
internal sealed class CompactManifests(IObjectStore store)
{
    public const string AppId = "binance-lake.compact";
    private const string Prefix = "_state/compact/";

    private sealed record Manifest(string? Table, string[] RawKeys);

    /// <summary>Every raw key consumed by a commit of table <paramref name="tableId"/> up to <paramref name="tableVersion"/>.</summary>
    public async Task<HashSet<string>> ConsumedAsync(string tableId, long tableVersion, CancellationToken cancellationToken)
    {
        var consumed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in store.ListAsync(Prefix, cancellationToken).ConfigureAwait(false))
        {
            if (!long.TryParse(Path.GetFileNameWithoutExtension(item.Key), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                || version > tableVersion)
                continue;
            var manifest = await ReadAsync(item.Key, cancellationToken).ConfigureAwait(false);
            // A manifest from before tables were named is taken as this table's, as it always was.
            if (manifest.Table is null || manifest.Table == tableId)
                consumed.UnionWith(manifest.RawKeys);
        }
        return consumed;
    }

    public async Task WriteAsync(string tableId, long committedVersion, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var key = $"{Prefix}{committedVersion:D20}.json";
        var content = JsonSerializer.SerializeToUtf8Bytes(new Manifest(tableId, [.. keys]), JsonOptions);
        // Taken only by a table deleted since: this table's version is ours alone.
        if (!await store.PutIfAbsentAsync(key, content, cancellationToken).ConfigureAwait(false)
            && (await ReadAsync(key, cancellationToken).ConfigureAwait(false)).Table != tableId)
            await store.PutAsync(key, content, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Manifest> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var bytes = await store.GetAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Compact manifest {store.Describe(key)} disappeared while being read.");
        try
        {
            // Manifests written before they named their table are a bare array of keys.
            return bytes.AsSpan().TrimStart(" \t\r\n"u8).StartsWith("["u8)
                ? new Manifest(null, JsonSerializer.Deserialize<string[]>(bytes) ?? [])
                : JsonSerializer.Deserialize<Manifest>(bytes, JsonOptions) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Compact manifest {store.Describe(key)} is not readable ({e.Message}); it lists raw files a commit consumed.", e);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
