using Binance.Lake.Simulator.History;

namespace Binance.Lake.Simulator.Archive;

/// <summary>
/// When a file appears: once its whole period is past, plus the publish delay (plus the late-by delay
/// for a late day). Only periods that overlap the history's trades have files; a partly covered period
/// (history starting mid-month, a capture of a few minutes) holds the trades that exist.
/// </summary>
internal sealed class ArchivePublication(TimeSpan publishDelay, ArchiveFaults faults)
{
    /// <summary>The time the file is published, or null when it never will be.</summary>
    public DateTimeOffset? PublishedAt(ArchivePath file, ITradeHistory history, long nowMicros)
    {
        if (faults.IsMissing(file) || !Overlaps(file, history, nowMicros)) return null;
        var at = file.EndsAt + publishDelay;
        return faults.IsLate(file) ? at + faults.LateBy : at;
    }

    private static bool Overlaps(ArchivePath file, ITradeHistory history, long nowMicros)
    {
        var first = history.GetTrades(history.FirstId, 1, nowMicros);
        if (first.Count == 0) return false;
        var newest = history.GetTrades(history.NewestId(nowMicros), 1, nowMicros)[0];
        return first[0].TimeMicros < UnixMicros.Of(file.EndsAt) && newest.TimeMicros >= UnixMicros.Of(file.StartsAt);
    }
}
