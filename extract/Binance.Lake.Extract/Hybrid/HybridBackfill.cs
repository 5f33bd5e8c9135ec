using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.Archive;
using Binance.Lake.Extract.Backfill;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Extract.Hybrid;

/// <summary>
/// A backfill that takes each part of history from the source that serves it best: the bulk archive for whole
/// past days (no weight limit, and it reaches back to a symbol's first trade), REST for the rest: today, days the
/// archive lacks or rejected, id gaps inside archive files, and everything when asked. When REST stops at its
/// retention floor, the archive bridges the days below it. The runs themselves are the ordinary REST backfill
/// and archive import, passed in so the caller can show each one's progress.
/// </summary>
public sealed class HybridBackfill(
    Func<BackfillRequest, CancellationToken, Task<BackfillSummary>> rest,
    Func<DateOnly, DateOnly, CancellationToken, Task<ArchiveImportSummary>> archive,
    Func<long, CancellationToken, Task<Trade>> tradeById,
    ILogger logger,
    TimeProvider time)
{
    // Walking back from the REST floor to a symbol's first trade, a block at a time: whole months inside a block
    // come as monthly files, and the importer downloads the block's files in parallel.
    private const int BridgeBlockDays = 62;

    private readonly List<ArchiveImportSummary> _archive = [];
    private readonly List<BackfillSummary> _rest = [];

    public async Task<HybridSummary> RunAsync(BackfillRequest request, BackfillSource source, CancellationToken cancellationToken)
    {
        var yesterday = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1);
        var notServed = source switch
        {
            BackfillSource.Rest => await RestAsync(request, cancellationToken).ConfigureAwait(false),
            BackfillSource.Archive => await ArchiveOnlyAsync(request, yesterday, cancellationToken).ConfigureAwait(false),
            _ => request.Mode is BackfillMode.DateRange range
                ? await DateRangeAsync(request, range, yesterday, cancellationToken).ConfigureAwait(false)
                : await BridgedAsync(request, cancellationToken).ConfigureAwait(false),
        };
        var missing = _archive.SelectMany(a => a.Missing.Concat(a.Damaged.Select(d => d.File))).ToList();
        // A file the archive lacked is no loss when REST delivered its days instead.
        var unresolved = source == BackfillSource.Archive ? missing : [];
        return new HybridSummary(request.Symbol, source, _archive, _rest, notServed.Ranges, unresolved);
    }

    private async Task<IdRangeSet> RestAsync(BackfillRequest request, CancellationToken cancellationToken)
    {
        var summary = await rest(request, cancellationToken).ConfigureAwait(false);
        _rest.Add(summary);
        var notServed = new IdRangeSet();
        foreach (var range in summary.NotServed)
            notServed.Add(range);
        return notServed;
    }

    private async Task<IdRangeSet> ArchiveOnlyAsync(BackfillRequest request, DateOnly yesterday, CancellationToken cancellationToken)
    {
        var (from, to) = request.Mode switch
        {
            BackfillMode.DateRange r => (r.From, r.To ?? yesterday),
            BackfillMode.Reverse { FirstDate: { } first } => (first, yesterday),
            _ => throw new BackfillInputException("The archive is organised by day: with --source archive give --from-date [--to-date] or --reverse --first-date."),
        };
        if (to > yesterday)
        {
            logger.LogWarning("{Symbol}: the archive has nothing after {Yesterday:yyyy-MM-dd}; take {From:yyyy-MM-dd}..{To:yyyy-MM-dd} from REST (--source auto)", request.Symbol, yesterday, yesterday.AddDays(1), to);
            to = yesterday;
        }
        if (from <= to)
            _archive.Add(await archive(from, to, cancellationToken).ConfigureAwait(false));
        return new IdRangeSet();
    }

    private async Task<IdRangeSet> DateRangeAsync(BackfillRequest request, BackfillMode.DateRange range, DateOnly yesterday, CancellationToken cancellationToken)
    {
        var notServed = new IdRangeSet();
        var archiveTo = range.To is { } to && to < yesterday ? to : yesterday;
        if (range.From <= archiveTo)
        {
            var imported = await archive(range.From, archiveTo, cancellationToken).ConfigureAwait(false);
            _archive.Add(imported);
            foreach (var (first, last) in DaysOf(imported.Unavailable))
                AddAll(notServed, await RestAsync(request with { Mode = new BackfillMode.DateRange(first, last) }, cancellationToken).ConfigureAwait(false));
            foreach (var gap in imported.Imported.Concat(imported.Previously).SelectMany(f => f.Gaps))
                AddAll(notServed, await RestAsync(request with { Mode = new BackfillMode.Ids(gap.First, gap.Last) }, cancellationToken).ConfigureAwait(false));
        }
        if (range.To is null || range.To > archiveTo)
        {
            var restFrom = range.From > archiveTo ? range.From : archiveTo.AddDays(1);
            AddAll(notServed, await RestAsync(request with { Mode = new BackfillMode.DateRange(restFrom, range.To) }, cancellationToken).ConfigureAwait(false));
        }
        return notServed;
    }

    // REST first; below its retention floor, archive days from the floor's day back until the wanted ids are in.
    private async Task<IdRangeSet> BridgedAsync(BackfillRequest request, CancellationToken cancellationToken)
    {
        var notServed = await RestAsync(request, cancellationToken).ConfigureAwait(false);
        var left = new IdRangeSet();
        foreach (var range in notServed.Ranges)
        {
            var floor = await tradeById(range.Last + 1, cancellationToken).ConfigureAwait(false);
            var floorDay = DateOnly.FromDateTime(floor.Time.UtcDateTime);
            var firstDay = request.Mode is BackfillMode.Reverse { FirstDate: { } date } ? date : (DateOnly?)null;
            logger.LogInformation("{Symbol}: REST stops at trade {Floor} ({Day:yyyy-MM-dd}); bridging {Range} from the bulk archive", request.Symbol, floor.Id, floorDay, range);
            var covered = await BridgeAsync(range, floorDay, firstDay, cancellationToken).ConfigureAwait(false);
            foreach (var gap in covered.Gaps(range))
                left.Add(gap);
        }
        return left;
    }

    private async Task<IdRangeSet> BridgeAsync(IdRange wanted, DateOnly floorDay, DateOnly? firstDay, CancellationToken cancellationToken)
    {
        var covered = new IdRangeSet();
        for (var last = floorDay; ; last = last.AddDays(-BridgeBlockDays))
        {
            var first = last.AddDays(1 - BridgeBlockDays);
            if (firstDay is { } stop && first < stop)
                first = stop;
            var imported = await archive(first, last, cancellationToken).ConfigureAwait(false);
            _archive.Add(imported);
            foreach (var file in imported.Imported.Concat(imported.Previously).Where(f => f.FirstId is not null))
                AddCovered(covered, file);
            var reachedStart = covered.Ranges.Count > 0 && covered.Ranges[0].First <= wanted.First;
            var nothingOlder = imported.Imported.Count == 0 && imported.AlreadyImported == 0;
            if (reachedStart || nothingOlder || first == firstDay)
                return covered;
        }
    }

    // A file covers its id range except the gaps inside it.
    private static void AddCovered(IdRangeSet covered, ArchiveImportSummary.ImportedFile file)
    {
        var gaps = new IdRangeSet();
        foreach (var gap in file.Gaps)
            gaps.Add(gap);
        foreach (var part in gaps.Gaps(new IdRange(file.FirstId!.Value, file.LastId!.Value)))
            covered.Add(part);
    }

    private static void AddAll(IdRangeSet into, IdRangeSet ranges)
    {
        foreach (var range in ranges.Ranges)
            into.Add(range);
    }

    // Files the archive could not give, as runs of consecutive days (a monthly file is all of its days).
    private static IEnumerable<(DateOnly First, DateOnly Last)> DaysOf(IEnumerable<ArchiveFile> files)
    {
        var days = files.SelectMany(ArchivePlanner.DaysOf).Select(d => d.First).Distinct().Order().ToList();
        for (var i = 0; i < days.Count;)
        {
            var j = i;
            while (j + 1 < days.Count && days[j + 1] == days[j].AddDays(1))
                j++;
            yield return (days[i], days[j]);
            i = j + 1;
        }
    }
}
