using Binance.Lake.Core.Lake;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Transform.Compaction;

/// <summary>
/// Which copy of a trade a compact keeps when one run reads it from two sources: REST, then live, then the
/// archive, as the Spark job does. The copies are the same trade; only the <c>source</c> label differs, and it
/// should not depend on which raw file happened to be read first. What the table already holds always stays.
/// </summary>
internal static class SourcePreference
{
    public static int Rank(RawSource source) => source switch
    {
        RawSource.Rest => 0,
        RawSource.Live => 1,
        RawSource.Archive => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    /// <summary>By trade id, and for one id the preferred source first.</summary>
    public static int Compare(TradeRow a, TradeRow b)
    {
        var byId = a.Trade.Id.CompareTo(b.Trade.Id);
        return byId != 0 ? byId : Rank(a.Source).CompareTo(Rank(b.Source));
    }
}
