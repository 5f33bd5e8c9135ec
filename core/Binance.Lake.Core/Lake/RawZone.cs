using System.Globalization;
using Binance.Lake.Core.Trades;

namespace Binance.Lake.Core.Lake;

/// <summary>
/// Names in the raw zone: <c>raw/binance-spot/&lt;SYMBOL&gt;/&lt;source&gt;/&lt;first id&gt;-&lt;last id&gt;.&lt;ext&gt;</c>.
/// Names are derived from the id range alone, so a retried chunk overwrites itself with identical
/// content and "which ids do we hold" is answered by a listing.
/// </summary>
public static class RawZone
{
    public const string Root = "raw/binance-spot";

    // 12 digits keep names in id order for ids below 10^12; Binance's largest spot ids are near 10^10.
    private const string IdFormat = "D12";

    public static string SourcePrefix(string symbol, RawSource source) =>
        $"{Root}/{symbol}/{source.FolderName()}/";

    public static string ChunkKey(string symbol, RawSource source, IdRange ids, string extension) =>
        SourcePrefix(symbol, source)
        + ids.First.ToString(IdFormat, CultureInfo.InvariantCulture) + "-"
        + ids.Last.ToString(IdFormat, CultureInfo.InvariantCulture) + "." + extension;

    /// <summary>The id range a chunk's key names, or null when the key is not a chunk name.</summary>
    public static IdRange? ParseChunkRange(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        var dot = name.IndexOf('.');
        var dash = name.IndexOf('-');
        if (dot < 0 || dash <= 0 || dash > dot)
            return null;
        if (!long.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !long.TryParse(name.AsSpan(dash + 1, dot - dash - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || last < first)
            return null;
        return new IdRange(first, last);
    }
}

/// <summary>Where a raw chunk came from; each source has its own folder under the symbol.</summary>
public enum RawSource
{
    Rest,
    Archive,
    Live,
}

public static class RawSourceNames
{
    public static string FolderName(this RawSource source) => source switch
    {
        RawSource.Rest => "rest",
        RawSource.Archive => "archive",
        RawSource.Live => "live",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };
}
