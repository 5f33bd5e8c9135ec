using System.Globalization;
using System.Text.RegularExpressions;
using Binance.Lake.Simulator.Http;

namespace Binance.Lake.Simulator.Archive;

internal enum ArchivePeriod
{
    Daily,
    Monthly,
}

/// <summary>
/// One spot trades zip of the bulk archive, e.g. data/spot/daily/trades/BTCUSDT/BTCUSDT-trades-2026-11-19.zip.
/// Its CHECKSUM file has the same identity: both are derived from the same build.
/// </summary>
internal sealed partial record ArchivePath(ArchivePeriod Period, string Symbol, DateOnly Start)
{
    public const string DayFormat = "yyyy-MM-dd";
    private const string MonthFormat = "yyyy-MM";

    /// <summary>Binance writes spot file times in µs from this day on (binance-public-data#386/#387, README since PR #388).</summary>
    private static readonly DateOnly MicrosecondsFrom = new(2025, 1, 1);

    /// <summary>First day after the file's period (exclusive end).</summary>
    public DateOnly End => Period == ArchivePeriod.Daily ? Start.AddDays(1) : Start.AddMonths(1);

    public DateTimeOffset StartsAt => Midnight(Start);

    public DateTimeOffset EndsAt => Midnight(End);

    public string Folder => Period == ArchivePeriod.Daily ? "daily" : "monthly";

    public string ZipName => $"{Symbol}-trades-{DateText}.zip";

    public string CsvName => $"{Symbol}-trades-{DateText}.csv";

    /// <summary>Decided per file, not per row: the switch falls on a month boundary, so no file mixes units.</summary>
    public TimeUnit TimeUnit => Start >= MicrosecondsFrom ? TimeUnit.Microsecond : TimeUnit.Millisecond;

    public bool Contains(DateOnly day) => day >= Start && day < End;

    private string DateText => Start.ToString(Period == ArchivePeriod.Daily ? DayFormat : MonthFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Accepts only the exact archive spelling (case-sensitive like S3 keys): the symbol folder and the file
    /// name must agree, daily names carry a day and monthly names a month.
    /// </summary>
    public static bool TryParse(string? requestPath, out ArchivePath file, out bool isChecksum)
    {
        file = null!;
        isChecksum = false;
        var match = KeyPattern().Match(requestPath ?? "");
        if (!match.Success) return false;
        var period = match.Groups["period"].Value == "daily" ? ArchivePeriod.Daily : ArchivePeriod.Monthly;
        string format = period == ArchivePeriod.Daily ? DayFormat : MonthFormat;
        if (!DateOnly.TryParseExact(match.Groups["date"].Value, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            return false;
        file = new ArchivePath(period, match.Groups["symbol"].Value, start);
        isChecksum = match.Groups["checksum"].Success;
        return true;
    }

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    [GeneratedRegex(@"^/data/spot/(?<period>daily|monthly)/trades/(?<symbol>[A-Z0-9]+)/\k<symbol>-trades-(?<date>[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?)\.zip(?<checksum>\.CHECKSUM)?\z")]
    private static partial Regex KeyPattern();
}
