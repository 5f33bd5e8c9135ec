using Binance.Lake.Core.Storage;
using FsCheck.Xunit;

namespace Binance.Lake.Tests.Storage;

/// <summary>
/// Listing is the one local operation with real logic (prefixes ending mid-name, recursion, ordering), so it is
/// checked against the obvious model: filter all keys by ordinal StartsWith, then sort ordinally.
/// </summary>
public sealed class LocalObjectStoreListingProperties
{
    // Small alphabets make shared prefixes (and so mid-name matches) common; '=', '%', ' ' are lake-realistic.
    private static readonly string[] Folders = ["a", "ab", "a=1", "b"];
    private static readonly string[] Subfolders = ["x", "x y", "x%2", "Z"];

    [Property(MaxTest = 60)]
    public bool Listing_equals_ordinal_filter_and_sort_of_all_keys((byte Folder, byte Sub, byte File, bool Deep)[] picks, byte cutAt, byte whichKey)
    {
        // Objects are always "*.json" and folders never are, so no key is both an object and a folder
        // (which a file system, unlike S3, cannot hold).
        var keys = picks
            .Select(p => p.Deep
                ? $"{Folders[p.Folder % Folders.Length]}/{Subfolders[p.Sub % Subfolders.Length]}/f{p.File % 3}.json"
                : $"{Folders[p.Folder % Folders.Length]}/f{p.File % 3}.json")
            .Distinct()
            .ToArray();
        var source = keys.Length == 0 ? "a/x/f0.json" : keys[whichKey % keys.Length];
        var prefix = source[..(cutAt % (source.Length + 1))];

        var root = Directory.CreateTempSubdirectory("lake-prop-").FullName;
        try
        {
            var store = new LocalObjectStore(root);
            foreach (var key in keys)
                store.PutAsync(key, new byte[key.Length]).GetAwaiter().GetResult();

            var listed = store.ListAsync(prefix).ToBlockingEnumerable().ToArray();

            var expected = keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal);
            return listed.Select(o => o.Key).SequenceEqual(expected) && listed.All(o => o.Size == o.Key.Length);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
