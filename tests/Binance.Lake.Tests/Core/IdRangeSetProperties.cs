using Binance.Lake.Core.Trades;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Binance.Lake.Tests.Core;

/// <summary>The set of ids the raw zone covers decides what a resumed backfill skips: it must be exact.</summary>
public class IdRangeSetProperties
{
    private static IdRange ToRange((ushort Start, byte Length) raw) => new(raw.Start, raw.Start + (long)raw.Length);

    [Property]
    public bool Covered_and_gaps_partition_the_window((ushort, byte)[] raw, ushort windowStart, byte windowLength)
    {
        var set = new IdRangeSet();
        var ids = new HashSet<long>();
        foreach (var range in raw.Select(ToRange))
        {
            set.Add(range);
            for (var id = range.First; id <= range.Last; id++)
                ids.Add(id);
        }
        var window = new IdRange(windowStart, windowStart + (long)windowLength);
        var gapIds = set.Gaps(window).SelectMany(g => LongRange(g)).ToHashSet();
        return LongRange(window).All(id => ids.Contains(id) != gapIds.Contains(id))
            && gapIds.All(window.Contains);
    }

    [Property]
    public bool Ranges_stay_sorted_disjoint_and_non_adjacent_whatever_the_insert_order((ushort, byte)[] raw)
    {
        var set = new IdRangeSet();
        foreach (var range in raw.Select(ToRange))
            set.Add(range);
        return set.Ranges.Zip(set.Ranges.Skip(1)).All(pair => pair.First.Last + 1 < pair.Second.First)
            && set.Count == raw.Select(ToRange).SelectMany(LongRange).Distinct().LongCount();
    }

    [Property]
    public Property Adding_a_covered_range_changes_nothing((ushort, byte)[] raw)
    {
        var set = new IdRangeSet();
        foreach (var range in raw.Select(ToRange))
            set.Add(range);
        var before = set.Ranges.ToArray();
        foreach (var range in before)
            set.Add(range);
        return set.Ranges.SequenceEqual(before).ToProperty();
    }

    [Fact]
    public void Covers_is_true_only_inside_one_range()
    {
        var set = new IdRangeSet();
        set.Add(new IdRange(0, 9));
        set.Add(new IdRange(20, 29));
        Assert.True(set.Covers(new IdRange(2, 9)));
        Assert.False(set.Covers(new IdRange(5, 20)));
        Assert.Equal([new IdRange(10, 19)], set.Gaps(new IdRange(0, 29)));
    }

    private static IEnumerable<long> LongRange(IdRange range)
    {
        for (var id = range.First; id <= range.Last; id++)
            yield return id;
    }
}
