using System.Text.Json;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;

namespace Binance.Lake.Extract.Archive;

/// <summary>
/// Which archive files are in the raw zone, at <c>_state/archive/&lt;SYMBOL&gt;/&lt;zip name&gt;.json</c>: written after
/// the zip itself, so an entry means the file is there, verified, with these ids. A rerun skips what it lists.
/// The zip's raw-zone name alone could not say which day it was, nor that a day had no trades at all.
/// </summary>
public sealed class ArchiveLedger(IObjectStore store)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public sealed record Entry(string File, string Sha256, long? FirstId, long? LastId, long Trades, IReadOnlyList<IdRange> Gaps,
        string? RawKey, DateTimeOffset ImportedAt);

    private static string Prefix(string symbol) => $"_state/archive/{symbol}/";

    /// <summary>The names of the symbol's archive files already imported.</summary>
    public async Task<HashSet<string>> ImportedAsync(string symbol, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in store.ListAsync(Prefix(symbol), cancellationToken).ConfigureAwait(false))
        {
            if (item.Key.EndsWith(".zip.json", StringComparison.Ordinal))
                names.Add(item.Key[Prefix(symbol).Length..^".json".Length]);
        }
        return names;
    }

    /// <summary>The entry of an imported file, or null when it was never imported.</summary>
    public async Task<Entry?> ReadAsync(string symbol, string file, CancellationToken cancellationToken) =>
        await store.GetAsync(Prefix(symbol) + file + ".json", cancellationToken).ConfigureAwait(false) is { } bytes
            ? JsonSerializer.Deserialize<Entry>(bytes, Json)
            : null;

    public Task RecordAsync(ArchiveFile file, Entry entry, CancellationToken cancellationToken) =>
        store.PutAsync(Prefix(file.Symbol) + file.Name + ".json", JsonSerializer.SerializeToUtf8Bytes(entry, Json), cancellationToken);
}
