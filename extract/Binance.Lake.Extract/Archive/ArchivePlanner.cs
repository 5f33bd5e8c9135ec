namespace Binance.Lake.Extract.Archive;

/// <summary>
/// Which archive files cover a date range: a monthly file for every calendar month wholly inside it, daily files
/// for the days at either end; periods already imported are left out. Monthly files are one download instead of
/// thirty, and the archive publishes them only once the month is over, which the caller's last day accounts for.
/// </summary>
public static class ArchivePlanner
{
    public static ArchivePlan Plan(string symbol, DateOnly from, DateOnly to, ISet<string> imported)
    {
        var files = new List<ArchiveFile>();
        for (var day = from; day <= to;)
        {
            var monthEnd = new DateOnly(day.Year, day.Month, 1).AddMonths(1).AddDays(-1);
            // A month goes whole only if none of its days came in daily before: mixing would import them twice.
            if (day.Day == 1 && monthEnd <= to && !AnyDayImported(symbol, day, monthEnd, imported))
            {
                files.Add(ArchiveFile.Month(symbol, day.Year, day.Month));
                day = monthEnd.AddDays(1);
            }
            else
            {
                files.Add(ArchiveFile.Day(symbol, day));
                day = day.AddDays(1);
            }
        }
        var pending = files.Where(f => !imported.Contains(f.Name) && !MonthImported(f, imported)).ToList();
        var already = files.Except(pending)
            .Select(f => imported.Contains(f.Name) ? f.Name : ArchiveFile.Month(symbol, f.First.Year, f.First.Month).Name)
            .Distinct(StringComparer.Ordinal).ToList();
        return new ArchivePlan(pending, already);
    }

    /// <summary>A file's days as daily files.</summary>
    public static IEnumerable<ArchiveFile> DaysOf(ArchiveFile file)
    {
        for (var day = file.First; day <= file.Last; day = day.AddDays(1))
            yield return ArchiveFile.Day(file.Symbol, day);
    }

    private static bool AnyDayImported(string symbol, DateOnly first, DateOnly last, ISet<string> imported)
    {
        for (var day = first; day <= last; day = day.AddDays(1))
            if (imported.Contains(ArchiveFile.Day(symbol, day).Name))
                return true;
        return false;
    }

    private static bool MonthImported(ArchiveFile file, ISet<string> imported) =>
        !file.Monthly && imported.Contains(ArchiveFile.Month(file.Symbol, file.First.Year, file.First.Month).Name);
}

/// <summary>The files still to import, and the names of those covering the range that are in the lake already.</summary>
public sealed record ArchivePlan(IReadOnlyList<ArchiveFile> Pending, IReadOnlyList<string> Already)
{
    public int AlreadyImported => Already.Count;
}
