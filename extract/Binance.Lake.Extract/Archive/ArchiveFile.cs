using System.Globalization;

namespace Binance.Lake.Extract.Archive;

/// <summary>
/// One bulk-archive file of spot trades: a day (<c>daily/</c>) or a calendar month (<c>monthly/</c>) of a symbol,
/// at <c>data/spot/{daily|monthly}/trades/SYM/SYM-trades-{YYYY-MM-DD|YYYY-MM}.zip</c> with a <c>.CHECKSUM</c> beside it.
/// </summary>
public sealed record ArchiveFile(string Symbol, DateOnly First, DateOnly Last)
{
    public bool Monthly => First.Day == 1 && Last == First.AddMonths(1).AddDays(-1) && First != Last;

    public static ArchiveFile Day(string symbol, DateOnly day) => new(symbol, day, day);

    public static ArchiveFile Month(string symbol, int year, int month) =>
        new(symbol, new DateOnly(year, month, 1), new DateOnly(year, month, 1).AddMonths(1).AddDays(-1));

    /// <summary>The period as the archive names it: YYYY-MM-DD or YYYY-MM.</summary>
    public string Period => First.ToString(Monthly ? "yyyy-MM" : "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string Name => $"{Symbol}-trades-{Period}.zip";

    /// <summary>The zip's path under the archive's base URL.</summary>
    public string Path => $"data/spot/{(Monthly ? "monthly" : "daily")}/trades/{Symbol}/{Name}";

    public string ChecksumPath => Path + ".CHECKSUM";

    public override string ToString() => $"{Symbol} {Period}";
}
